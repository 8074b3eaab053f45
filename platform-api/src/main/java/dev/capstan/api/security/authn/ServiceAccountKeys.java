package dev.capstan.api.security.authn;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs ServiceAccount tokens (upstream's {@code --service-account-signing-key-file} and
 * {@code --service-account-key-file}, one file here): read from a PEM private key (PKCS#8 or PKCS#1, as kubeadm
 * writes {@code sa.key}), or made on first start with its public half beside it ({@code sa.pub}). The key id is
 * upstream's: the unpadded base64url SHA-256 of the public key's DER encoding, so tokens and the JWKS agree with
 * what a Kubernetes issuer would publish.
 */
public final class ServiceAccountKeys {

    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final String keyId;

    public ServiceAccountKeys(RSAPrivateCrtKey privateKey) {
        try {
            this.privateKey = privateKey;
            this.publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            this.keyId = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the key, or makes a 2048-bit one (and {@code <name>.pub}) when the file does not exist. */
    public static ServiceAccountKeys loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's permissions protect it
                }
                String name = file.getFileName().toString().replaceFirst("\\.key$", "");
                Files.writeString(file.resolveSibling(name + ".pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                return new ServiceAccountKeys((RSAPrivateCrtKey) pair.getPrivate());
            }
            return new ServiceAccountKeys(readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the service account key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the service account key " + file, e);
        }
    }

    static RSAPrivateCrtKey readPrivateKey(String pem) throws GeneralSecurityException {
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        if (pkcs1) {
            der = pkcs1ToPkcs8(der);
        }
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL parameters). */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = derTlv(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return derTlv(0x30, body);
    }

    private static byte[] derTlv(int tag, byte[] value) {
        int n = value.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(value, 0, out, 1 + length.length, n);
        return out;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public RSAPrivateCrtKey privateKey() {
        return privateKey;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The public JWK as upstream's /openid/v1/jwks lists it: use sig, alg RS256, the key id. */
    public JWKSet publicJwks() {
        return new JWKSet(new RSAKey.Builder(publicKey).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .keyID(keyId).build());
    }
}
