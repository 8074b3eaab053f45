package dev.capstan.node.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A remote command (exec or attach) on containerd's stream server over SPDY/3.1, the only transport on which
 * its v4 protocol can half-close stdin (its WebSocket side predates v5's CLOSE signal). Upgrades a plain
 * connection, opens the streams client-go opens (error, stdin, stdout, stderr, resize) and hands each received
 * byte to a listener keyed by the remote-command channel number (1 stdout, 2 stderr, 3 error).
 */
final class SpdyExecClient {

    /** Channel numbers of the remote-command protocols, shared by v4/v5 WebSocket framing. */
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;

    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("kubelet-spdy", true), NioIoHandler.newFactory());

    /** Received data: the channel number and its bytes (the listener owns nothing: bytes are copies). */
    interface Listener {
        void data(int channel, byte[] bytes);

        /** The connection ended: containerd has sent everything it will send. */
        void closed();
    }

    private final Channel channel;
    private final Map<Integer, Integer> streamIds;

    private SpdyExecClient(Channel channel, Map<Integer, Integer> streamIds) {
        this.channel = channel;
        this.streamIds = streamIds;
    }

    /**
     * Connects to {@code url} (containerd's exec or attach URL), upgrades and opens the streams. Fails with the
     * server's answer when it does not switch protocols.
     */
    static Mono<SpdyExecClient> open(String url, boolean stdin, boolean stdout, boolean stderr, boolean tty,
                                     Listener listener) {
        URI uri = URI.create(url);
        Sinks.One<SpdyExecClient> result = Sinks.one();
        Map<Integer, Integer> streamIds = new LinkedHashMap<>();
        // client-go's order: the error stream first, then the standard streams, resize last
        int next = 1;
        streamIds.put(ERROR, next);
        if (stdin) {
            streamIds.put(STDIN, next += 2);
        }
        if (stdout) {
            streamIds.put(STDOUT, next += 2);
        }
        if (stderr && !tty) {
            streamIds.put(STDERR, next += 2);
        }
        if (tty) {
            streamIds.put(RESIZE, next += 2);
        }
        Map<Integer, Integer> channelsById = new LinkedHashMap<>();
        streamIds.forEach((ch, id) -> channelsById.put(id, ch));
        new Bootstrap().group(LOOP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new UpgradeHead(uri, head -> {
                            if (head.status() != 101) {
                                result.tryEmitError(new IllegalStateException(head.text()));
                                ch.close();
                                return;
                            }
                            SpdyExecClient client = new SpdyExecClient(ch, streamIds);
                            client.openStreams();
                            result.tryEmitValue(client);
                        }));
                        // frames only, no Netty SpdySessionHandler: Go's spdystream (containerd's side) neither
                        // sends nor heeds WINDOW_UPDATE, and a session enforcing SPDY's 64 KiB send window
                        // would stall stdin for good after 64 KiB
                        ch.pipeline().addLast(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<SpdyFrame>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, SpdyFrame frame) {
                                if (frame instanceof SpdyPingFrame ping) {
                                    ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
                                    return;
                                }
                                if (frame instanceof SpdyDataFrame data) {
                                    Integer channel = channelsById.get(data.streamId());
                                    if (channel != null && data.content().isReadable()) {
                                        byte[] bytes = new byte[data.content().readableBytes()];
                                        data.content().readBytes(bytes);
                                        listener.data(channel, bytes);
                                    }
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                result.tryEmitError(new IllegalStateException("stream server closed the connection"));
                                listener.closed();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                })
                .connect(uri.getHost(), uri.getPort())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        result.tryEmitError(f.cause());
                    }
                });
        return result.asMono();
    }

    private void openStreams() {
        Map<Integer, String> types = Map.of(ERROR, "error", STDIN, "stdin", STDOUT, "stdout", STDERR, "stderr",
                RESIZE, "resize");
        streamIds.forEach((ch, id) -> {
            SpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
            syn.headers().set("streamtype", types.get(ch));
            channel.write(syn);
        });
        channel.flush();
    }

    /** Sends to stdin or resize; ignored for a channel this session has no stream for. */
    void send(int channelNumber, byte[] bytes) {
        Integer id = streamIds.get(channelNumber);
        if (id != null && bytes.length > 0) {
            channel.writeAndFlush(new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(bytes)));
        }
    }

    /** Half-closes a stream: for stdin, the command reads end of file. */
    void close(int channelNumber) {
        Integer id = streamIds.get(channelNumber);
        if (id != null) {
            DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
            fin.setLast(true);
            channel.writeAndFlush(fin);
        }
    }

    void disconnect() {
        channel.close();
    }

    /** Sends the upgrade request, reads the answer's head, then leaves the connection to the SPDY codec. */
    private static final class UpgradeHead extends ByteToMessageDecoder {

        private final URI uri;
        private final Consumer<UpgradeResponseHead> onHead;

        UpgradeHead(URI uri, Consumer<UpgradeResponseHead> onHead) {
            this.uri = uri;
            this.onHead = onHead;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            String request = "POST " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: " + StreamProtocols.V4 + "\r\nContent-Length: 0\r\n\r\n";
            ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
            super.channelActive(ctx);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int end = -1;
            for (int i = in.readerIndex(); i + 3 < in.writerIndex(); i++) {
                if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                        && in.getByte(i + 3) == '\n') {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                return;
            }
            String text = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
            in.readerIndex(end + 4);
            String[] parts = text.split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                status = 502;
            }
            // what follows the head is SPDY: removing this decoder passes any of it on to the codec
            ctx.pipeline().remove(this);
            onHead.accept(new UpgradeResponseHead(status, text));
        }
    }
}
