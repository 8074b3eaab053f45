package dev.capstan.node.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel parameters (sysctls) written through {@code /proc/sys}, for the network namespace of the calling process.
 */
public final class KernelSettings {

    /**
     * What the service proxy needs: forwarding (pods and service traffic are routed through the node), bridged pod
     * traffic passing iptables (otherwise pod-to-service packets on the CNI bridge skip the DNAT rules), and
     * {@code route_localnet} so that node ports answer on 127.0.0.1 as with kube-proxy.
     */
    public static final Map<String, String> SERVICE_PROXY = orderedMap(
            "net.ipv4.ip_forward", "1",
            "net.bridge.bridge-nf-call-iptables", "1",
            "net.ipv4.conf.all.route_localnet", "1");

    private final Path procSys;

    public KernelSettings() {
        this(Path.of("/proc/sys"));
    }

    /** @param procSys the sysctl root; tests point it at a temporary directory */
    public KernelSettings(Path procSys) {
        this.procSys = procSys;
    }

    /**
     * Sets {@code key} (dotted, e.g. {@code net.ipv4.ip_forward}) to {@code value} unless it already has it.
     *
     * @throws KernelSettingException naming the key, the file and the likely cause
     */
    public void set(String key, String value) {
        Path file = pathOf(key);
        try {
            if (value.equals(Files.readString(file, StandardCharsets.US_ASCII).strip())) {
                return;
            }
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            String hint = key.startsWith("net.bridge.")
                    ? " (the br_netfilter kernel module is not loaded: run 'modprobe br_netfilter' on the host)"
                    : " (unknown to this kernel)";
            throw new KernelSettingException("cannot set " + key + "=" + value + ": " + file + " does not exist" + hint, e);
        } catch (IOException e) {
            throw new KernelSettingException("cannot set " + key + "=" + value + " by writing " + file + ": " + e
                    + " (the agent needs root and a writable /proc/sys, i.e. not a read-only container mount)", e);
        }
    }

    /** The current value of {@code key}. */
    public String get(String key) {
        try {
            return Files.readString(pathOf(key), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new KernelSettingException("cannot read " + key + " from " + pathOf(key) + ": " + e, e);
        }
    }

    /**
     * Applies every entry of {@code settings}, continuing past failures so that one report lists them all.
     *
     * @return the failures, empty when every setting is in place
     */
    public List<KernelSettingException> applyAll(Map<String, String> settings) {
        List<KernelSettingException> failures = new ArrayList<>();
        settings.forEach((key, value) -> {
            try {
                set(key, value);
            } catch (KernelSettingException e) {
                failures.add(e);
            }
        });
        return failures;
    }

    private Path pathOf(String key) {
        return procSys.resolve(key.replace('.', '/'));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
