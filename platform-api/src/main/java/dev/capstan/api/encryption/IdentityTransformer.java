package dev.capstan.api.encryption;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Upstream's identity provider: values are stored as they are. Reading a value that carries the
 * {@code k8s:enc:} prefix fails, so that an identity listed first (to migrate away from encryption) falls
 * through to the provider that can read it.
 */
final class IdentityTransformer implements ValueTransformer {

    static final byte[] ENCRYPTED_PREFIX = "k8s:enc:".getBytes(StandardCharsets.US_ASCII);

    @Override
    public byte[] toStorage(byte[] plain, String key) {
        return plain;
    }

    @Override
    public byte[] fromStorage(byte[] stored, String key) {
        if (stored.length >= ENCRYPTED_PREFIX.length
                && Arrays.equals(stored, 0, ENCRYPTED_PREFIX.length, ENCRYPTED_PREFIX, 0, ENCRYPTED_PREFIX.length)) {
            throw new TransformException("identity transformer tried to read encrypted data");
        }
        return stored;
    }
}
