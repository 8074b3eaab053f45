package dev.capstan.node.server;

import dev.capstan.node.stats.CgroupStats;
import dev.capstan.node.stats.ContainerUsage;
import dev.capstan.node.stats.NodeUsage;
import dev.capstan.node.stats.PodUsage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A node with pod "web" (container "app" and its sandbox, no pod cgroup) and pod "db" in its pod cgroup. */
final class UsageFixtures {

    static final Instant READ_AT = Instant.parse("2026-11-25T02:00:00.250Z");

    private UsageFixtures() {
    }

    static NodeUsage node(boolean failed) {
        ContainerUsage app = new ContainerUsage("app", "c1", "busybox:1", "/k8s.io/c1",
                Instant.parse("2026-11-25T01:00:00.5Z"), new CgroupStats(1_500_000_000L, 4096, 2048, 1024, 0));
        ContainerUsage webSandbox = new ContainerUsage("POD", "s1", "pause:3.9", "/k8s.io/s1",
                Instant.parse("2026-11-25T00:59:59Z"), new CgroupStats(10_000_000L, 512, 256, 128, 0));
        ContainerUsage postgres = new ContainerUsage("postgres", "c2", "postgres:16", "/kubepods/poduid2/c2",
                Instant.parse("2026-11-25T01:30:00Z"), new CgroupStats(0, 8192, 8192, 4096, 1_048_576));
        return new NodeUsage(READ_AT, new CgroupStats(100_000_000_000L, 1_000_000, 800_000, 500_000, 0), List.of(
                new PodUsage("default", "web", List.of(app, webSandbox), Optional.empty(),
                        app.stats().plus(webSandbox.stats())),
                new PodUsage("data", "db", List.of(postgres), Optional.of("/kubepods/poduid2"),
                        new CgroupStats(2_000_000_000L, 9000, 8500, 4200, 2_097_152))), failed);
    }
}
