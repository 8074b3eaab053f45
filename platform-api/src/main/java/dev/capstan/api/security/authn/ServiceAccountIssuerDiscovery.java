package dev.capstan.api.security.authn;

import dev.capstan.api.json.Json;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's ServiceAccount issuer discovery: {@code /.well-known/openid-configuration} names the issuer and
 * {@code /openid/v1/jwks} lists the public keys, so relying parties outside the cluster can verify ServiceAccount
 * tokens. Both are public (upstream's system:service-account-issuer-discovery role binds them to all
 * authenticated users; clusters often extend that to anonymous) and cacheable for an hour.
 */
public final class ServiceAccountIssuerDiscovery {

    public static final String CONFIGURATION_PATH = "/.well-known/openid-configuration";
    public static final String JWKS_PATH = "/openid/v1/jwks";
    private static final String CACHE_CONTROL = "public, max-age=3600";

    private final byte[] configuration;
    private final byte[] jwks;

    public ServiceAccountIssuerDiscovery(String issuer, ServiceAccountKeys keys) {
        ObjectNode document = Json.object();
        document.put("issuer", issuer);
        document.put("jwks_uri", issuer.replaceAll("/+$", "") + JWKS_PATH);
        document.putArray("response_types_supported").add("id_token");
        document.putArray("subject_types_supported").add("public");
        document.putArray("id_token_signing_alg_values_supported").add("RS256");
        this.configuration = Json.write(document);
        this.jwks = keys.publicJwks().toString(true).getBytes(StandardCharsets.UTF_8);
    }

    public Mono<ServerResponse> configuration(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).header("Cache-Control", CACHE_CONTROL)
                .bodyValue(configuration);
    }

    public Mono<ServerResponse> jwks(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.parseMediaType("application/jwk-set+json"))
                .header("Cache-Control", CACHE_CONTROL).bodyValue(jwks);
    }
}
