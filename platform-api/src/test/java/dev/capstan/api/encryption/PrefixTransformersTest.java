package dev.capstan.api.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PrefixTransformersTest {

    static final String STORE_KEY = "/registry/secrets/default/s1";
    static final byte[] PLAIN = "{\"kind\":\"Secret\",\"data\":{\"password\":\"aHVudGVyMg==\"}}".getBytes(StandardCharsets.UTF_8);
    static final HexFormat HEX = HexFormat.of();
    final SecureRandom random = new SecureRandom();

    SecretKeySpec key(int seed) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        return new SecretKeySpec(bytes, "AES");
    }

    PrefixTransformers.Entry gcm(String name, int seed) {
        return new PrefixTransformers.Entry("k8s:enc:aesgcm:v1:" + name + ":", new AesGcmTransformer(key(seed), random));
    }

    PrefixTransformers.Entry cbc(String name, int seed) {
        return new PrefixTransformers.Entry("k8s:enc:aescbc:v1:" + name + ":", new AesCbcTransformer(key(seed), random));
    }

    static PrefixTransformers.Entry identity() {
        return new PrefixTransformers.Entry("", new IdentityTransformer());
    }

    static String ascii(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    @Test
    void aesgcmRoundTripsAndIsUpstreamsLayout() throws Exception {
        PrefixTransformers transformers = new PrefixTransformers(List.of(gcm("key1", 1)));
        byte[] stored = transformers.toStorage(PLAIN, STORE_KEY);

        String prefix = "k8s:enc:aesgcm:v1:key1:";
        assertThat(ascii(stored, prefix.length())).isEqualTo(prefix);
        assertThat(stored.length).isEqualTo(prefix.length() + 12 + PLAIN.length + 16);
        // decrypted by hand as upstream's layout says: nonce(12) || ciphertext || tag(16), the key as AAD
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key(1), new GCMParameterSpec(128, stored, prefix.length(), 12));
        cipher.updateAAD(STORE_KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(cipher.doFinal(stored, prefix.length() + 12, stored.length - prefix.length() - 12)).isEqualTo(PLAIN);

        assertThat(transformers.fromStorage(stored, STORE_KEY).value()).isEqualTo(PLAIN);
        assertThat(transformers.fromStorage(stored, STORE_KEY).stale()).isFalse();
    }

    @Test
    void aesgcmAuthenticatesTheStoreKey() {
        PrefixTransformers transformers = new PrefixTransformers(List.of(gcm("key1", 1)));
        byte[] stored = transformers.toStorage(PLAIN, STORE_KEY);
        assertThatThrownBy(() -> transformers.fromStorage(stored, "/registry/secrets/default/other"))
                .isInstanceOf(TransformException.class);
    }

    @Test
    void aesgcmReadsTheNistKnownAnswer() {
        // NIST GCM test case 2: 128-bit zero key, zero nonce, one zero block, no AAD
        byte[] key = new byte[16];
        byte[] stored = HEX.parseHex("000000000000000000000000" + "0388dace60b6a392f328c2b971b2fe78"
                + "ab6e47d42cec13bdf53a67b21257bddf");
        byte[] plain = new AesGcmTransformer(new SecretKeySpec(key, "AES"), random).fromStorage(stored, "");
        assertThat(plain).isEqualTo(new byte[16]);
    }

    @Test
    void aescbcRoundTripsAndIsUpstreamsLayout() throws Exception {
        PrefixTransformers transformers = new PrefixTransformers(List.of(cbc("key1", 2)));
        byte[] stored = transformers.toStorage(PLAIN, STORE_KEY);

        String prefix = "k8s:enc:aescbc:v1:key1:";
        assertThat(ascii(stored, prefix.length())).isEqualTo(prefix);
        int padded = (PLAIN.length / 16 + 1) * 16;
        assertThat(stored.length).isEqualTo(prefix.length() + 16 + padded);
        // by hand: IV(16) || AES-CBC(PKCS#7-padded), the padding checked byte by byte
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key(2), new IvParameterSpec(stored, prefix.length(), 16));
        byte[] withPadding = cipher.doFinal(stored, prefix.length() + 16, padded);
        int pad = padded - PLAIN.length;
        assertThat(Arrays.copyOf(withPadding, PLAIN.length)).isEqualTo(PLAIN);
        for (int i = PLAIN.length; i < padded; i++) {
            assertThat(withPadding[i]).isEqualTo((byte) pad);
        }
        assertThat(transformers.fromStorage(stored, STORE_KEY).value()).isEqualTo(PLAIN);
    }

    @Test
    void aescbcReadsTheNistKnownAnswer() throws Exception {
        // SP 800-38A F.2.1 (CBC-AES128), first block, followed by the PKCS#7 block a full block gets
        byte[] key = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
        byte[] iv = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] plain = HEX.parseHex("6bc1bee22e409f96e93d7e117393172a");
        byte[] padding = new byte[16];
        Arrays.fill(padding, (byte) 16);
        Cipher raw = Cipher.getInstance("AES/CBC/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] ciphertext = raw.doFinal(concat(plain, padding));
        assertThat(HEX.formatHex(ciphertext, 0, 16)).isEqualTo("7649abac8119b246cee98e9b12e9197d");

        byte[] stored = concat("k8s:enc:aescbc:v1:k:".getBytes(StandardCharsets.US_ASCII), concat(iv, ciphertext));
        PrefixTransformers transformers = new PrefixTransformers(List.of(
                new PrefixTransformers.Entry("k8s:enc:aescbc:v1:k:", new AesCbcTransformer(new SecretKeySpec(key, "AES"), random))));
        assertThat(transformers.fromStorage(stored, STORE_KEY).value()).isEqualTo(plain);
    }

    @Test
    void rotationReadsOldKeysAsStaleAndWritesWithTheFirst() {
        byte[] oldStored = new PrefixTransformers(List.of(cbc("old", 3))).toStorage(PLAIN, STORE_KEY);
        PrefixTransformers rotated = new PrefixTransformers(List.of(gcm("new", 4), cbc("old", 3)));

        PrefixTransformers.Read read = rotated.fromStorage(oldStored, STORE_KEY);
        assertThat(read.value()).isEqualTo(PLAIN);
        assertThat(read.stale()).isTrue();
        assertThat(ascii(rotated.toStorage(PLAIN, STORE_KEY), 22)).isEqualTo("k8s:enc:aesgcm:v1:new:");
    }

    @Test
    void plainDataIsReadOnlyWithIdentityConfigured() {
        assertThatThrownBy(() -> new PrefixTransformers(List.of(gcm("k", 1))).fromStorage(PLAIN, STORE_KEY))
                .hasMessage("no matching prefix found");
        PrefixTransformers.Read read = new PrefixTransformers(List.of(gcm("k", 1), identity())).fromStorage(PLAIN, STORE_KEY);
        assertThat(read.value()).isEqualTo(PLAIN);
        assertThat(read.stale()).isTrue();
    }

    @Test
    void identityFirstStillReadsEncryptedData() {
        byte[] encrypted = new PrefixTransformers(List.of(gcm("k", 1))).toStorage(PLAIN, STORE_KEY);
        PrefixTransformers decrypting = new PrefixTransformers(List.of(identity(), gcm("k", 1)));
        assertThat(decrypting.fromStorage(encrypted, STORE_KEY).value()).isEqualTo(PLAIN);
        assertThat(decrypting.toStorage(PLAIN, STORE_KEY)).isEqualTo(PLAIN);
        assertThatThrownBy(() -> new PrefixTransformers(List.of(identity())).fromStorage(encrypted, STORE_KEY))
                .hasMessage("identity transformer tried to read encrypted data");
    }

    @Test
    void aWrongKeyOfTheSameNameFails() {
        byte[] stored = new PrefixTransformers(List.of(gcm("k", 1))).toStorage(PLAIN, STORE_KEY);
        assertThatThrownBy(() -> new PrefixTransformers(List.of(gcm("k", 9))).fromStorage(stored, STORE_KEY))
                .isInstanceOf(TransformException.class);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
