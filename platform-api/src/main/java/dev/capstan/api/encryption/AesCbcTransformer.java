package dev.capstan.api.encryption;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * Upstream's aescbc provider: a random 16-byte IV followed by the AES-CBC ciphertext of the PKCS#7-padded
 * value (the JDK's PKCS5Padding is PKCS#7 for 16-byte blocks). CBC authenticates nothing; upstream
 * recommends aesgcm or KMS, but clusters that used aescbc need to read their data.
 */
final class AesCbcTransformer implements ValueTransformer {

    static final int BLOCK_SIZE = 16;

    private final SecretKey key;
    private final SecureRandom random;

    AesCbcTransformer(SecretKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    @Override
    public byte[] toStorage(byte[] plain, String storeKey) {
        byte[] iv = new byte[BLOCK_SIZE];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            byte[] encrypted = cipher.doFinal(plain);
            byte[] out = new byte[BLOCK_SIZE + encrypted.length];
            System.arraycopy(iv, 0, out, 0, BLOCK_SIZE);
            System.arraycopy(encrypted, 0, out, BLOCK_SIZE, encrypted.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new TransformException("aescbc encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fromStorage(byte[] stored, String storeKey) {
        if (stored.length < BLOCK_SIZE) {
            throw new TransformException("the stored data was shorter than the required size");
        }
        if ((stored.length - BLOCK_SIZE) % BLOCK_SIZE != 0) {
            throw new TransformException("the stored data is not a multiple of the block size");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(stored, 0, BLOCK_SIZE));
            return cipher.doFinal(stored, BLOCK_SIZE, stored.length - BLOCK_SIZE);
        } catch (GeneralSecurityException e) {
            throw new TransformException("invalid PKCS7 data (empty or not padded)", e);
        }
    }
}
