package dev.capstan.node.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The kubelet's self-signed serving certificate, as upstream's kubelet makes one when given no
 * --tls-cert-file: an EC P-256 key and a v3 certificate for the node's names and addresses. Built with the JDK
 * alone (a few DER structures), so the agent needs no BouncyCastle for it.
 */
public record SelfSignedCertificate(PrivateKey key, X509Certificate certificate) {

    private static final byte[] ECDSA_WITH_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2);
    private static final byte[] COMMON_NAME = oid(2, 5, 4, 3);
    private static final byte[] SUBJECT_ALT_NAME = oid(2, 5, 29, 17);
    private static final DateTimeFormatter GENERALIZED =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A certificate for {@code commonName} (upstream: "{hostname}@{timestamp}"), valid for a year from now. */
    public static SelfSignedCertificate generate(String commonName, List<String> dnsNames,
                                                 List<InetAddress> addresses) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            byte[] name = seq(set(seq(der(0x06, COMMON_NAME),
                    der(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
            byte[] tbs = seq(
                    der(0xa0, der(0x02, new byte[]{2})),
                    der(0x02, new BigInteger(64, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
                    seq(der(0x06, ECDSA_WITH_SHA256)),
                    name,
                    seq(time(now.minus(Duration.ofHours(1))), time(now.plus(Duration.ofDays(365)))),
                    name,
                    pair.getPublic().getEncoded(),
                    der(0xa3, seq(seq(der(0x06, SUBJECT_ALT_NAME), der(0x04, altNames(dnsNames, addresses))))));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bitString = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bitString, 1, signature.length);
            byte[] certificate = seq(tbs, seq(der(0x06, ECDSA_WITH_SHA256)), der(0x03, bitString));
            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
            return new SelfSignedCertificate(pair.getPrivate(), parsed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the kubelet's serving certificate", e);
        }
    }

    private static byte[] altNames(List<String> dnsNames, List<InetAddress> addresses) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        dnsNames.forEach(dns -> names.writeBytes(der(0x82, dns.getBytes(StandardCharsets.US_ASCII))));
        addresses.forEach(ip -> names.writeBytes(der(0x87, ip.getAddress())));
        return der(0x30, names.toByteArray());
    }

    private static byte[] time(Instant instant) {
        return der(0x18, GENERALIZED.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] seq(byte[]... parts) {
        return der(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return der(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] len = BigInteger.valueOf(length).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int groups = 1;
            for (int v = arc >>> 7; v != 0; v >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int b = (arc >>> (7 * g)) & 0x7f;
                out.write(g == 0 ? b : b | 0x80);
            }
        }
        return out.toByteArray();
    }
}
