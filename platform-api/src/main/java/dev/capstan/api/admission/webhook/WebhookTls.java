package dev.capstan.api.admission.webhook;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS to a webhook: the chain must lead to the {@code caBundle} (or the JVM's trust store without one), and the
 * certificate must name {@code serverName} (a DNS SAN, or an IP SAN for an IP) — checked here rather than against
 * the connected address, because a service is reached by an endpoint IP but named {@code name.namespace.svc}.
 */
final class WebhookTls {

    private WebhookTls() {
    }

    static SSLContext context(String caBundle, String serverName) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caBundle == null || caBundle.isEmpty()) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            var certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Base64.getDecoder().decode(caBundle)));
            int i = 0;
            for (var certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            factory.init(store);
        }
        X509TrustManager chain = (X509TrustManager) factory.getTrustManagers()[0];
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new NamedServerTrust(chain, serverName)}, null);
        return context;
    }

    private static final class NamedServerTrust extends X509ExtendedTrustManager {
        private final X509TrustManager chain;
        private final String serverName;

        NamedServerTrust(X509TrustManager chain, String serverName) {
            this.chain = chain;
            this.serverName = serverName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            chain.checkServerTrusted(certs, authType);
            if (!names(certs[0])) {
                throw new CertificateException("x509: certificate is not valid for " + serverName);
            }
        }

        private boolean names(X509Certificate certificate) throws CertificateException {
            var alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives == null) {
                return false;
            }
            for (List<?> san : alternatives) {
                Object value = san.get(1);
                if (value instanceof String s && s.equalsIgnoreCase(serverName)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(certs, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(certs, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(certs, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(certs, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return chain.getAcceptedIssuers();
        }
    }
}
