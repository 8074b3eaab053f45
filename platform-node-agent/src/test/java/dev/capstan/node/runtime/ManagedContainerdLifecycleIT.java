package dev.capstan.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import dev.capstan.node.cri.v1.VersionRequest;
import dev.capstan.node.cri.CriChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

@EnabledIf("dev.capstan.node.runtime.ManagedContainerdIT#hostCanRunPods")
class ManagedContainerdLifecycleIT {

    @TempDir
    Path dir;

    @Test
    void startingOnADirectoryWhoseContainerdWasLeftRunningReplacesIt() throws Exception {
        ContainerdSettings settings = ContainerdSettings.defaults(dir.resolve("ctrd"), "http://127.0.0.1:9")
                .withPodNetwork("10.42.252.0/24", "capstan-lc0");
        ManagedContainerd leftover = ManagedContainerd.start(settings);
        try {
            // as if the agent had died: its containerd still runs and holds the metadata lock
            try (ManagedContainerd containerd = ManagedContainerd.start(settings);
                    CriChannel cri = new CriChannel(containerd.socket())) {
                assertThat(leftover.isRunning()).isFalse();
                assertThat(RuntimeServiceGrpc.newBlockingStub(cri.channel())
                        .version(VersionRequest.getDefaultInstance()).getRuntimeName()).isEqualTo("containerd");
            }
            assertThat(settings.layout().pidFile()).doesNotExist();
        } finally {
            leftover.close();
            ContainerdCleanup.removeAll(settings);
        }
    }
}
