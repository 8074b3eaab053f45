package dev.capstan.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The written configuration as containerd itself reads it ({@code containerd config dump}). */
@EnabledIf("containerdInstalled")
class ContainerdConfigTest {

    static boolean containerdInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/containerd"));
    }

    @Test
    void containerdReadsTheCriSettingsTheNodeNeeds(@TempDir Path dir) throws Exception {
        ContainerdSettings settings = ContainerdSettings.defaults(dir.resolve("ctrd"), "http://127.0.0.1:5001")
                .withMirror("127.0.0.1:5002", "http://127.0.0.1:5002");
        ManagedContainerd.writeConfiguration(settings);

        HostCommand dump = HostCommand.run("containerd", "--config", settings.layout().configFile().toString(),
                "config", "dump");

        assertThat(dump.exitCode()).as(dump.output()).isZero();
        String config = dump.output();
        assertThat(config)
                .contains("root = \"" + settings.layout().root() + "\"")
                .contains("address = \"" + settings.layout().socket() + "\"")
                .contains("sandbox_image = \"capstan.local/pause:3.9\"")
                .contains("restrict_oom_score_adj = true")
                .contains("disable_apparmor = true")
                .contains("SystemdCgroup = false")
                .contains("Root = \"" + settings.layout().runcRoot() + "\"")
                .contains("bin_dir = \"/usr/lib/cni\"")
                .contains("conf_dir = \"" + settings.layout().cniConfDir() + "\"")
                .containsPattern("mirrors\\.\"capstan\\.local\"\\]\\s+endpoint = \\[\"http://127\\.0\\.0\\.1:5001\"\\]")
                .containsPattern("mirrors\\.\"127\\.0\\.0\\.1:5002\"\\]\\s+endpoint = \\[\"http://127\\.0\\.0\\.1:5002\"\\]");
    }

    @Test
    void cniNetworkIsABridgeWithHostLocalAddressesInThePodSubnetThenPortmap(@TempDir Path dir) throws Exception {
        ContainerdSettings settings = ContainerdSettings.defaults(dir, "http://127.0.0.1:5001")
                .withPodNetwork("10.99.0.0/24", "capstan9");
        ManagedContainerd.writeConfiguration(settings);

        JsonNode list = JsonMapper.shared().readTree(settings.layout().cniConfFile().toFile());

        assertThat(list.get("cniVersion").asString()).isEqualTo("0.4.0");
        assertThat(list.get("name").asString()).isEqualTo("capstan");
        JsonNode bridge = list.get("plugins").get(0);
        assertThat(bridge.get("type").asString()).isEqualTo("bridge");
        assertThat(bridge.get("bridge").asString()).isEqualTo("capstan9");
        assertThat(bridge.get("isGateway").asBoolean()).isTrue();
        assertThat(bridge.get("ipMasq").asBoolean()).isTrue();
        assertThat(bridge.get("hairpinMode").asBoolean()).isTrue();
        assertThat(bridge.at("/ipam/type").asString()).isEqualTo("host-local");
        assertThat(bridge.at("/ipam/ranges/0/0/subnet").asString()).isEqualTo("10.99.0.0/24");
        assertThat(bridge.at("/ipam/routes/0/dst").asString()).isEqualTo("0.0.0.0/0");
        assertThat(bridge.at("/ipam/dataDir").asString()).isEqualTo(settings.layout().ipamDataDir().toString());
        assertThat(list.get("plugins").get(1).get("type").asString()).isEqualTo("portmap");
        assertThat(list.get("plugins").get(1).at("/capabilities/portMappings").asBoolean()).isTrue();
    }
}
