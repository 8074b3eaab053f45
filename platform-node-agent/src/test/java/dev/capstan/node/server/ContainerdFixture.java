package dev.capstan.node.server;

import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A containerd 1.6 of the test's own (own root, state, socket and CNI bridge "captest0") with the busybox and
 * pause images imported. Needs root; no CAP_SYS_RESOURCE, hence restrict_oom_score_adj.
 */
final class ContainerdFixture implements AutoCloseable {

    final Path dir;
    final Path socket;
    private final Process process;
    private final MultiThreadIoEventLoopGroup group;
    final ManagedChannel channel;
    final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;

    private ContainerdFixture(Path dir, Process process) {
        this.dir = dir;
        this.socket = dir.resolve("containerd.sock");
        this.process = process;
        this.group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(group).channelType(EpollDomainSocketChannel.class).usePlaintext().build();
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel);
    }

    static ContainerdFixture start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("captest-containerd");
        Path cni = Files.createDirectories(dir.resolve("cni"));
        Files.writeString(cni.resolve("10-captest.conflist"), """
                {"cniVersion":"0.4.0","name":"captest","plugins":[{"type":"bridge","bridge":"captest0",
                "isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","subnet":"10.77.0.0/24",
                "dataDir":"%s","routes":[{"dst":"0.0.0.0/0"}]}},{"type":"portmap","capabilities":{"portMappings":true}}]}
                """.formatted(dir.resolve("ipam")));
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                  address = "%1$s/containerd.sock"
                [plugins."io.containerd.grpc.v1.cri"]
                  restrict_oom_score_adj = true
                  sandbox_image = "%2$s"
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "/usr/lib/cni"
                    conf_dir = "%3$s"
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        SystemdCgroup = false
                """.formatted(dir, BusyboxImages.PAUSE, cni));
        Process process = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(dir.resolve("containerd.sock"))) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("containerd did not start: " + Files.readString(dir.resolve("containerd.log")));
            }
            Thread.sleep(100);
        }
        ContainerdFixture fixture = new ContainerdFixture(dir, process);
        fixture.importImage(BusyboxImages.build(dir, BusyboxImages.BUSYBOX, null, List.of("sh")));
        fixture.importImage(BusyboxImages.build(dir, BusyboxImages.PAUSE,
                List.of("/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 3600 & wait; done"), null));
        return fixture;
    }

    private void importImage(Path tarball) throws IOException, InterruptedException {
        BusyboxImages.run(List.of("ctr", "-a", socket.toString(), "-n", "k8s.io", "images", "import",
                tarball.toString()));
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        // the test removed its sandboxes (their shims exit with them); the bridge stays behind on its own
        new ProcessBuilder("ip", "link", "delete", "captest0").inheritIO().start().waitFor();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
