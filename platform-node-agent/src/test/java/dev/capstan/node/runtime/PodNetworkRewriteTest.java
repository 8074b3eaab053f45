package dev.capstan.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CNI network rewritten for the Node's pod CIDR once it is known, after containerd started with the default. */
class PodNetworkRewriteTest {

    @Test
    void theConflistMovesToTheNewSubnetWithoutBridgeMasqueradeAndNoTemporaryFileIsLeft(@TempDir Path dir) throws Exception {
        ContainerdSettings started = ContainerdSettings.defaults(dir, "http://127.0.0.1:5001")
                .withPodNetwork("10.42.0.0/24", "capnone" + ThreadLocalRandom.current().nextInt(1000, 9999));
        ManagedContainerd.writeConfiguration(started);

        ContainerdSettings updated = ManagedContainerd.writePodNetwork(started, "10.42.5.0/24", false);

        JsonNode bridge = JsonMapper.shared().readTree(started.layout().cniConfFile().toFile()).get("plugins").get(0);
        assertThat(bridge.at("/ipam/ranges/0/0/subnet").asString()).isEqualTo("10.42.5.0/24");
        assertThat(bridge.get("ipMasq").asBoolean()).isFalse();
        assertThat(updated.podSubnet()).isEqualTo("10.42.5.0/24");
        try (var files = Files.list(started.layout().cniConfDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("10-capstan.conflist");
        }
    }

    @Test
    void aRestartedAgentStartsWithTheSubnetItWroteLast(@TempDir Path dir) throws Exception {
        ContainerdSettings started = ContainerdSettings.defaults(dir, "http://127.0.0.1:5001");
        assertThat(ManagedContainerd.writtenPodSubnet(started)).isEmpty();
        ManagedContainerd.writeConfiguration(started);
        ManagedContainerd.writePodNetwork(started.withPodNetwork(started.podSubnet(), "capnone0"), "10.42.5.0/24", false);

        assertThat(ManagedContainerd.writtenPodSubnet(ContainerdSettings.defaults(dir, "http://127.0.0.1:5001")))
                .contains("10.42.5.0/24");
    }

    @Test
    void aBridgeWithTheGatewayOfAnEarlierSubnetIsDeleted(@TempDir Path dir) throws Exception {
        String bridge = "capt" + ThreadLocalRandom.current().nextInt(10000, 99999);
        assumeTrue(HostCommand.run("ip", "link", "add", bridge, "type", "bridge").succeeded(), "needs root");
        try {
            HostCommand.run("ip", "addr", "add", "10.77.0.1/24", "dev", bridge);
            ContainerdSettings started = ContainerdSettings.defaults(dir, "http://127.0.0.1:5001")
                    .withPodNetwork("10.77.0.0/24", bridge);
            ManagedContainerd.writeConfiguration(started);

            ManagedContainerd.writePodNetwork(started, "10.77.1.0/24", false);

            assertThat(HostCommand.run("ip", "link", "show", bridge).succeeded()).isFalse();
        } finally {
            HostCommand.run("ip", "link", "del", bridge);
        }
    }
}
