package dev.capstan.server;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import java.security.cert.X509Certificate;
import dev.capstan.api.security.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * x509 client-certificate authentication: the TLS layer has already verified the certificate against the
 * cluster CA; a request without one is anonymous and may only reach the public endpoints (health, version),
 * as upstream's system:public-info-viewer role allows. Everything else answers 401. The user (CN) and groups (O)
 * are kept on the exchange for authorization, which arrives with the security issue.
 */
public final class ClientCertificateAuthentication implements WebFilter, org.springframework.core.Ordered {

    /** Where Spring Security's filter chain runs: before authorization (order 0). */
    @Override
    public int getOrder() {
        return -100;
    }

    /** Whether an authorizer judges anonymous requests (then they are not refused here). */
    private final boolean anonymousAuthorized;

    public ClientCertificateAuthentication() {
        this(false);
    }

    public ClientCertificateAuthentication(boolean anonymousAuthorized) {
        this.anonymousAuthorized = anonymousAuthorized;
    }

    private static final Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version");

    /** Upstream's x509 authenticator: user = CN, groups = every O, plus system:authenticated. */
    static UserInfo user(X509Certificate certificate) {
        String name = "";
        List<String> groups = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    name = rdn.getValue().toString();
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            name = certificate.getSubjectX500Principal().getName();
        }
        java.util.Collections.reverse(groups); // LdapName lists RDNs last-first
        groups.add(UserInfo.AUTHENTICATED_GROUP);
        return new UserInfo(name, "", groups, Map.of());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        SslInfo ssl = exchange.getRequest().getSslInfo();
        X509Certificate[] chainCerts = ssl == null ? null : ssl.getPeerCertificates();
        if (chainCerts != null && chainCerts.length > 0) {
            exchange.getAttributes().put(UserInfo.ATTRIBUTE, user(chainCerts[0]));
            return chain.filter(exchange);
        }
        // anonymous, as upstream's --anonymous-auth=true: authorization (RBAC's system:public-info-viewer) decides
        exchange.getAttributes().put(UserInfo.ATTRIBUTE, UserInfo.anonymous());
        if (anonymousAuthorized) {
            return chain.filter(exchange);
        }
        if (PUBLIC.contains(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(401));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = Json.write(new ApiException(401, "Unauthorized", "Unauthorized", null).toStatus());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
