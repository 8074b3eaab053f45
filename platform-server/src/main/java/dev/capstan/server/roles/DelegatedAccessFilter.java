package dev.capstan.server.roles;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.security.authn.CredentialsConverter;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Upstream's delegated authentication and authorization on a component's port (kube-scheduler's and
 * kube-controller-manager's defaults): a bearer token is checked with a TokenReview, a request without one is
 * {@code system:anonymous}, and whether the user may {@code get} the path (a non-resource URL, e.g.
 * {@code /metrics}) is a SubjectAccessReview, both sent through the component's own client. The health paths are
 * always allowed ({@code --authorization-always-allow-paths=/healthz,/readyz,/livez}). The component's identity
 * needs {@code create} on tokenreviews and subjectaccessreviews (upstream's system:kube-scheduler and
 * system:kube-controller-manager roles have it).
 */
final class DelegatedAccessFilter implements WebFilter, Ordered {

    private static final Set<String> ALWAYS_ALLOWED = Set.of("/healthz", "/readyz", "/livez");

    private final KubernetesClient client;

    DelegatedAccessFilter(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (ALWAYS_ALLOWED.contains(path)) {
            return chain.filter(exchange);
        }
        String token = CredentialsConverter.bearerToken(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        String verb = exchange.getRequest().getMethod().name().toLowerCase();
        return Mono.fromCallable(() -> review(token, verb, path))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(refusal -> refusal.isEmpty() ? chain.filter(exchange) : write(exchange.getResponse(), refusal.get()));
    }

    /** Empty when allowed, else the Status to answer with. Blocks for the API calls. */
    private Optional<ApiException> review(String token, String verb, String path) {
        String user = "system:anonymous";
        List<String> groups = List.of("system:unauthenticated");
        String uid = null;
        Map<String, List<String>> extra = null;
        if (token != null) {
            TokenReview review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                    .withNewSpec().withToken(token).endSpec().build());
            if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
                return Optional.of(new ApiException(401, "Unauthorized", "Unauthorized", null));
            }
            user = review.getStatus().getUser().getUsername();
            groups = review.getStatus().getUser().getGroups();
            uid = review.getStatus().getUser().getUid();
            extra = review.getStatus().getUser().getExtra();
        }
        SubjectAccessReview access = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec().withUser(user).withGroups(groups).withUid(uid).withExtra(extra)
                .withNewNonResourceAttributes().withPath(path).withVerb(verb).endNonResourceAttributes()
                .endSpec().build());
        if (access.getStatus() != null && Boolean.TRUE.equals(access.getStatus().getAllowed())) {
            return Optional.empty();
        }
        return Optional.of(new ApiException(403, "Forbidden",
                "forbidden: User \"%s\" cannot %s path \"%s\"".formatted(user, verb, path), null));
    }

    private static Mono<Void> write(ServerHttpResponse response, ApiException refusal) {
        response.setStatusCode(HttpStatusCode.valueOf(refusal.code()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(Json.write(refusal.toStatus()))));
    }
}
