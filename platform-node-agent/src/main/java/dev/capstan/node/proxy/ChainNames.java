package dev.capstan.node.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Names of Capstan's iptables chains. Per-service and per-endpoint chains are hashed exactly as kube-proxy hashes
 * them (first 16 characters of the base32 of sha256(servicePortName + protocol [+ endpoint])), because iptables
 * chain names are limited to 28 characters; {@code CAPSTAN-SVC-} + 16 is exactly 28.
 */
public final class ChainNames {

    public static final String PREFIX = "CAPSTAN-";

    /**
     * Whether a chain is the proxy's: its fixed chains and the per-service/per-endpoint ones. Other CAPSTAN-
     * chains (the pod network's CAPSTAN-POD-MASQ and CAPSTAN-POD-FWD) belong to other parts of the agent and
     * are never flushed or deleted here.
     */
    public static boolean ownedByProxy(String chain) {
        return chain.startsWith("CAPSTAN-SVC-") || chain.startsWith("CAPSTAN-SEP-") || FIXED.contains(chain);
    }
    public static final String SERVICES = "CAPSTAN-SERVICES";
    public static final String EXTERNAL_SERVICES = "CAPSTAN-EXTERNAL-SERVICES";
    public static final String NODEPORTS = "CAPSTAN-NODEPORTS";
    public static final String POSTROUTING = "CAPSTAN-POSTROUTING";
    public static final String MARK_MASQ = "CAPSTAN-MARK-MASQ";
    public static final String FORWARD = "CAPSTAN-FORWARD";
    public static final String FIREWALL = "CAPSTAN-FIREWALL";
    private static final java.util.Set<String> FIXED = java.util.Set.of(SERVICES, "CAPSTAN-EXTERNAL-SERVICES", "CAPSTAN-NODEPORTS",
            "CAPSTAN-POSTROUTING", "CAPSTAN-MARK-MASQ", "CAPSTAN-FORWARD", "CAPSTAN-FIREWALL");

    /** The bit kube-proxy uses to mark packets for SNAT ({@code --iptables-masquerade-bit=14}). */
    public static final String MASQ_MARK = "0x4000";

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private ChainNames() {
    }

    /** {@code CAPSTAN-SVC-<hash>} for a service port, e.g. {@code servicePortName = "default/web:http"}. */
    public static String serviceChain(String servicePortName, String protocol) {
        return "CAPSTAN-SVC-" + hash(servicePortName + protocol.toLowerCase(Locale.ROOT));
    }

    /** {@code CAPSTAN-SEP-<hash>} for one endpoint ({@code "10.244.0.5:8080"}) of a service port. */
    public static String endpointChain(String servicePortName, String protocol, String endpoint) {
        return "CAPSTAN-SEP-" + hash(servicePortName + protocol.toLowerCase(Locale.ROOT) + endpoint);
    }

    static String hash(String input) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
        // 16 base32 characters need 80 bits = the first 10 bytes; no padding is involved at that length.
        StringBuilder out = new StringBuilder(16);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < 10; i++) {
            buffer = (buffer << 8) | (digest[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
