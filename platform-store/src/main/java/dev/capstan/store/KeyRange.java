package dev.capstan.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys as the stores compare them: UTF-8 bytes in unsigned byte order (etcd's order), so both implementations
 * list in the same order whatever characters a name holds.
 */
public final class KeyRange {

    private KeyRange() {
    }

    /** The key's bytes. */
    public static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The key of some bytes. */
    public static String key(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The smallest byte string greater than every key that starts with {@code prefix} (etcd's
     * {@code GetPrefixRangeEnd}): the prefix with its last byte below 0xff incremented and the rest cut.
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return new byte[] {0};
    }

    /** The smallest key greater than {@code key}: where the page after {@code key} starts. */
    public static byte[] after(String key) {
        byte[] raw = bytes(key);
        return Arrays.copyOf(raw, raw.length + 1);
    }
}
