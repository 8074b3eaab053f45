package dev.capstan.node.cri;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC channel to a CRI runtime's unix socket (containerd's {@code /run/containerd/containerd.sock} or the
 * agent's own). grpc-java reaches unix sockets only through Netty's native epoll transport, so this is the one
 * place that knows about event loops and socket addresses.
 */
public final class CriChannel implements AutoCloseable {

    /** CRI messages (a pod's full status, image lists) are larger than grpc's 4 MiB default allows at times. */
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final EventLoopGroup loop;
    private final ManagedChannel channel;
    private final Path socket;

    public CriChannel(Path socket) {
        this.socket = socket;
        this.loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toFile()))
                .eventLoopGroup(loop)
                .channelType(EpollDomainSocketChannel.class)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .usePlaintext()
                .build();
    }

    public ManagedChannel channel() {
        return channel;
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
