package dev.capstan.api.encryption;

/**
 * Turns a stored value into its at-rest form and back, as upstream's {@code value.Transformer}. The key is the
 * authenticated data (upstream authenticates the etcd key with AES-GCM, so a value copied under another key
 * does not decrypt).
 */
public interface ValueTransformer {

    byte[] toStorage(byte[] plain, String key);

    /** @throws TransformException if the bytes cannot be turned back (wrong key, tampered, not encrypted) */
    byte[] fromStorage(byte[] stored, String key);
}
