package dev.capstan.api.encryption;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The providers of one resource rule, as upstream's {@code prefixTransformers}: writes use the first; a read
 * uses the first whose prefix the value starts with ({@code k8s:enc:<provider>:v1:<keyName>:}, identity has
 * none). An identity that refuses encrypted data is skipped, so identity first still reads old encrypted values.
 */
public final class PrefixTransformers {

    /** One provider key: the prefix its values carry and how to read and write them. */
    public record Entry(String prefix, ValueTransformer transformer) {

        byte[] prefixBytes() {
            return prefix.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A decrypted value, and whether it was not written by the first provider (a rewrite would change it). */
    public record Read(byte[] value, boolean stale) {
    }

    private final List<Entry> entries;
    private final byte[][] prefixes;

    public PrefixTransformers(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("at least one provider is required");
        }
        this.entries = List.copyOf(entries);
        this.prefixes = this.entries.stream().map(Entry::prefixBytes).toArray(byte[][]::new);
    }

    public List<Entry> entries() {
        return entries;
    }

    public byte[] toStorage(byte[] plain, String key) {
        byte[] body = entries.get(0).transformer().toStorage(plain, key);
        byte[] prefix = prefixes[0];
        if (prefix.length == 0) {
            return body;
        }
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    public Read fromStorage(byte[] stored, String key) {
        TransformException identityRefused = null;
        for (int i = 0; i < entries.size(); i++) {
            byte[] prefix = prefixes[i];
            if (!startsWith(stored, prefix)) {
                continue;
            }
            byte[] body = Arrays.copyOfRange(stored, prefix.length, stored.length);
            try {
                byte[] plain = entries.get(i).transformer().fromStorage(body, key);
                return new Read(plain, i != 0);
            } catch (TransformException e) {
                if (prefix.length != 0) {
                    throw e;
                }
                identityRefused = e; // migrating away from encryption: a later provider reads it
            }
        }
        if (identityRefused != null) {
            throw identityRefused;
        }
        throw new TransformException("no matching prefix found");
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
