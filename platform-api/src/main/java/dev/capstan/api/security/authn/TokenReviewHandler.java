package dev.capstan.api.security.authn;

import com.nimbusds.jwt.JWTParser;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.web.RequestBodies;
import dev.capstan.api.web.Responses;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /apis/authentication.k8s.io/v1/tokenreviews} (upstream's TokenReview, what webhook token
 * authentication and relying services call): runs {@code spec.token} through the same token authenticators as a
 * request, for {@code spec.audiences} (default: the API's), and answers 201 with {@code status.authenticated},
 * the user and the audiences the token is valid for. An empty token is 400, as upstream.
 */
public final class TokenReviewHandler {

    private final CapstanAuthenticationManager authentication;
    private final List<String> apiAudiences;

    public TokenReviewHandler(CapstanAuthenticationManager authentication, List<String> apiAudiences) {
        this.authentication = authentication;
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        String version = request.pathVariable("version");
        return RequestBodies.read(request)
                .map(body -> body.length == 0 ? Json.object() : RequestBodies.decode(request, body))
                .flatMap(body -> review(body, version))
                .flatMap(answer -> Responses.json(201, answer))
                .onErrorResume(ApiException.class, Responses::error);
    }

    Mono<ObjectNode> review(ObjectNode body, String version) {
        ObjectNode spec = body.path("spec").isObject() ? (ObjectNode) body.get("spec") : body.putObject("spec");
        String token = spec.path("token").asString("");
        if (token.isEmpty()) {
            return Mono.error(ApiErrors.badRequest("token is required for TokenReview in authentication.k8s.io/" + version));
        }
        List<String> requested = new ArrayList<>();
        spec.path("audiences").forEach(a -> requested.add(a.asString()));
        List<String> audiences = requested.isEmpty() ? apiAudiences : requested;
        return authentication.authenticateToken(token, audiences)
                .map(user -> answer(body, version, user, validAudiences(token, audiences)))
                .defaultIfEmpty(answer(body, version, null, List.of()));
    }

    /** The requested audiences the token names; all of them for tokens that name none (static, bootstrap). */
    private static List<String> validAudiences(String token, List<String> audiences) {
        try {
            List<String> named = JWTParser.parse(token).getJWTClaimsSet().getAudience();
            if (named != null && !named.isEmpty()) {
                return audiences.stream().filter(named::contains).toList();
            }
        } catch (java.text.ParseException e) {
            // not a JWT: audience-agnostic
        }
        return audiences;
    }

    private static ObjectNode answer(ObjectNode request, String version, UserInfo user, List<String> audiences) {
        ObjectNode out = Json.object();
        out.put("kind", "TokenReview");
        out.put("apiVersion", "authentication.k8s.io/" + version);
        out.putObject("metadata").putNull("creationTimestamp");
        ObjectNode spec = (ObjectNode) request.get("spec").deepCopy();
        out.set("spec", spec);
        ObjectNode status = out.putObject("status");
        status.put("authenticated", user != null);
        if (user != null) {
            user.writeTo(status.putObject("user"));
            ArrayNode auds = status.putArray("audiences");
            audiences.forEach(auds::add);
        } else {
            status.putObject("user");
        }
        return out;
    }
}
