package dev.capstan.api.security.authn;

import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * What a request presented, before it is checked: a client certificate the TLS layer verified against the cluster
 * CA, or a bearer token. Produced by {@link CredentialsConverter}, checked by {@link CapstanAuthenticationManager}.
 */
public final class RequestCredentials extends AbstractAuthenticationToken {

    private final X509Certificate certificate;
    private final String bearerToken;

    private RequestCredentials(X509Certificate certificate, String bearerToken) {
        super(List.of());
        this.certificate = certificate;
        this.bearerToken = bearerToken;
    }

    public static RequestCredentials certificate(X509Certificate certificate) {
        return new RequestCredentials(certificate, null);
    }

    public static RequestCredentials bearer(String token) {
        return new RequestCredentials(null, token);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String bearerToken() {
        return bearerToken;
    }

    @Override
    public Object getCredentials() {
        return certificate != null ? certificate : bearerToken;
    }

    @Override
    public Object getPrincipal() {
        return certificate != null ? certificate.getSubjectX500Principal().getName() : "bearer";
    }
}
