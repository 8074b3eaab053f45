package dev.capstan.api.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Upstream's aesgcm provider: a random 12-byte nonce followed by the AES-GCM sealed value (ciphertext and
 * 16-byte tag), with the store key as additional authenticated data. Layout: {@code nonce || ciphertext || tag}.
 */
final class AesGcmTransformer implements ValueTransformer {

    static final int NONCE_SIZE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random;

    AesGcmTransformer(SecretKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    @Override
    public byte[] toStorage(byte[] plain, String storeKey) {
        byte[] nonce = new byte[NONCE_SIZE];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(storeKey.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[NONCE_SIZE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_SIZE);
            System.arraycopy(sealed, 0, out, NONCE_SIZE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new TransformException("aesgcm encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fromStorage(byte[] stored, String storeKey) {
        if (stored.length < NONCE_SIZE) {
            throw new TransformException("the stored data was shorter than the required size");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_SIZE));
            cipher.updateAAD(storeKey.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_SIZE, stored.length - NONCE_SIZE);
        } catch (GeneralSecurityException e) {
            throw new TransformException("cipher: message authentication failed", e);
        }
    }
}
