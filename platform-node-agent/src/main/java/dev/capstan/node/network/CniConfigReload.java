package dev.capstan.node.network;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for containerd to load a rewritten CNI network. Its CRI plugin reloads the config directory on a file
 * notification, asynchronously; a sandbox created in between would still get an address from the old subnet (on a
 * joining node: the default one, which is another node's). containerd's verbose CRI {@code Status} shows the loaded
 * network under {@code cniconfig}.
 */
public final class CniConfigReload {

    private static final Logger log = LoggerFactory.getLogger(CniConfigReload.class);

    private CniConfigReload() {
    }

    /**
     * Returns true once {@code loadedConfig} mentions {@code podCidr}, false (logged) after {@code timeout}: the
     * kubelet then starts anyway, as a runtime that does not report its config must not stop the node.
     */
    public static boolean awaitLoaded(Supplier<String> loadedConfig, String podCidr, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // the CIDR not followed by a digit (10.42.1.0/24, not 10.42.1.0/240); the config arrives JSON-escaped in JSON
        Pattern needle = Pattern.compile(Pattern.quote(podCidr) + "(?!\\d)");
        while (true) {
            try {
                String config = loadedConfig.get();
                if (config != null && needle.matcher(config).find()) {
                    return true;
                }
            } catch (RuntimeException e) {
                log.debug("event=cni_config_status_failed error={}", e.getMessage());
            }
            if (System.nanoTime() > deadline) {
                log.warn("event=cni_config_not_reloaded podCIDR={} waited={}s", podCidr, timeout.toSeconds());
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
