package dev.capstan.api.security.authn;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Finds a request's credentials in upstream's order: a verified client certificate with a common name, else an
 * {@code Authorization: Bearer} token, else (for WebSockets, which cannot set headers from browsers) a
 * {@code base64url.bearer.authorization.k8s.io.<token>} subprotocol. Empty when there are none: the request is
 * anonymous.
 */
public final class CredentialsConverter implements ServerAuthenticationConverter {

    static final String WEBSOCKET_PROTOCOL_PREFIX = "base64url.bearer.authorization.k8s.io.";

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        SslInfo ssl = exchange.getRequest().getSslInfo();
        X509Certificate[] chain = ssl == null ? null : ssl.getPeerCertificates();
        if (chain != null && chain.length > 0 && !X509Users.user(chain[0]).name().isEmpty()) {
            return Mono.just(RequestCredentials.certificate(chain[0]));
        }
        String token = bearerToken(exchange.getRequest().getHeaders().getFirst("Authorization"));
        if (token == null) {
            token = websocketToken(exchange.getRequest().getHeaders().get("Sec-WebSocket-Protocol"));
        }
        return token == null ? Mono.empty() : Mono.just(RequestCredentials.bearer(token));
    }

    /**
     * Upstream's bearertoken authenticator: "Bearer" in any case, one space-separated token, not empty; null
     * otherwise. Also how the audit log names tried credentials and how component ports read their tokens.
     */
    public static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.trim().split(" ");
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("bearer")) {
            return null;
        }
        String token = parts[1].trim();
        return token.isEmpty() ? null : token;
    }

    private static String websocketToken(List<String> protocolHeaders) {
        if (protocolHeaders == null) {
            return null;
        }
        for (String header : protocolHeaders) {
            for (String protocol : header.split(",")) {
                protocol = protocol.trim();
                if (protocol.startsWith(WEBSOCKET_PROTOCOL_PREFIX)) {
                    try {
                        String token = new String(Base64.getUrlDecoder().decode(
                                protocol.substring(WEBSOCKET_PROTOCOL_PREFIX.length())), StandardCharsets.UTF_8);
                        return token.isEmpty() ? null : token;
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
