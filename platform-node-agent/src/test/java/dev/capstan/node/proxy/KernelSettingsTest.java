package dev.capstan.node.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KernelSettingsTest {

    @TempDir
    Path procSys;

    @Test
    void writesEachProxySettingThroughItsProcSysFile() throws Exception {
        for (String file : List.of("net/ipv4/ip_forward", "net/bridge/bridge-nf-call-iptables", "net/ipv4/conf/all/route_localnet")) {
            Files.createDirectories(procSys.resolve(file).getParent());
            Files.writeString(procSys.resolve(file), "0\n");
        }

        List<KernelSettingException> failures = new KernelSettings(procSys).applyAll(KernelSettings.SERVICE_PROXY);

        assertThat(failures).isEmpty();
        assertThat(Files.readString(procSys.resolve("net/ipv4/ip_forward"))).isEqualTo("1\n");
        assertThat(Files.readString(procSys.resolve("net/bridge/bridge-nf-call-iptables"))).isEqualTo("1\n");
        assertThat(new KernelSettings(procSys).get("net.ipv4.conf.all.route_localnet")).isEqualTo("1");
    }

    @Test
    void missingBridgeSettingIsReportedWithTheModuleToLoadWhileTheOthersAreStillApplied() throws Exception {
        Files.createDirectories(procSys.resolve("net/ipv4/conf/all"));
        Files.writeString(procSys.resolve("net/ipv4/ip_forward"), "0\n");
        Files.writeString(procSys.resolve("net/ipv4/conf/all/route_localnet"), "0\n");

        List<KernelSettingException> failures = new KernelSettings(procSys).applyAll(KernelSettings.SERVICE_PROXY);

        assertThat(failures).singleElement().extracting(Throwable::getMessage).asString()
                .contains("net.bridge.bridge-nf-call-iptables=1", "br_netfilter");
        assertThat(Files.readString(procSys.resolve("net/ipv4/conf/all/route_localnet"))).isEqualTo("1\n");
    }

    @Test
    void readsTheRealKernelValue() {
        assertThat(new KernelSettings().get("net.ipv4.ip_forward")).isIn("0", "1");
    }
}
