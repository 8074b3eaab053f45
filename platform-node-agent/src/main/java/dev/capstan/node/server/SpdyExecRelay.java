package dev.capstan.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Serves a v5.channel.k8s.io client from containerd's SPDY side, as upstream's API server (StreamTranslator)
 * serves v5 clients from the kubelet's SPDY: channel messages become stream data, v5's CLOSE signal for stdin
 * becomes the stdin stream's half-close. Used when stdin must be able to end (stdin without a TTY: piped input,
 * kubectl cp), which containerd 1.6's v4 WebSocket protocol cannot say.
 */
final class SpdyExecRelay {

    private SpdyExecRelay() {
    }

    static Mono<Void> relay(HttpServerResponse response, String url, boolean stdin, boolean stdout,
                            boolean stderr, boolean tty) {
        Sinks.Many<WebSocketFrame> toClient = Sinks.many().unicast().onBackpressureBuffer();
        SpdyExecClient.Listener listener = new SpdyExecClient.Listener() {
            @Override
            public void data(int channel, byte[] bytes) {
                ByteBuf message = Unpooled.buffer(bytes.length + 1).writeByte(channel).writeBytes(bytes);
                toClient.tryEmitNext(new BinaryWebSocketFrame(message));
            }

            @Override
            public void closed() {
                toClient.tryEmitComplete();
            }
        };
        WebsocketServerSpec spec = WebsocketServerSpec.builder().protocols(StreamProtocols.V5)
                .maxFramePayloadLength(WebSocketRelay.MAX_MESSAGE).build();
        return SpdyExecClient.open(url, stdin, stdout, stderr, tty, listener).flatMap(backend -> {
            Sinks.Empty<Void> done = Sinks.empty();
            return response.sendWebsocket((in, out) -> {
                Mono<Void> up = in.aggregateFrames(WebSocketRelay.MAX_MESSAGE).receiveFrames()
                        .filter(frame -> frame instanceof BinaryWebSocketFrame && frame.content().isReadable())
                        .doOnNext(frame -> forward(frame.content(), backend))
                        .then();
                // everything containerd sent (the exit status last) is passed on before the normal closure
                Mono<Void> down = out.sendObject(toClient.asFlux()).then().onErrorResume(e -> Mono.empty())
                        .then(out.sendClose(1000, "").onErrorResume(e -> Mono.empty()));
                return Mono.firstWithSignal(down, up).onErrorResume(e -> Mono.empty())
                        .doFinally(signal -> {
                            backend.disconnect();
                            done.tryEmitEmpty();
                        });
            }, spec).then(done.asMono());
        });
    }

    private static void forward(ByteBuf message, SpdyExecClient backend) {
        int channel = message.getUnsignedByte(message.readerIndex());
        if (channel == (StreamProtocols.CLOSE_SIGNAL & 0xff)) {
            if (message.readableBytes() >= 2) {
                backend.close(message.getUnsignedByte(message.readerIndex() + 1));
            }
            return;
        }
        byte[] bytes = new byte[message.readableBytes() - 1];
        message.getBytes(message.readerIndex() + 1, bytes);
        backend.send(channel, bytes);
    }
}
