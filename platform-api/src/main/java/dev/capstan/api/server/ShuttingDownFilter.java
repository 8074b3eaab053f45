package dev.capstan.api.server;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Once the server refuses new requests ({@link GracefulShutdown.Stage#REFUSING}), answers each with upstream's
 * {@code --shutdown-send-retry-after} response: 429 TooManyRequests, {@code Retry-After} and
 * {@code Connection: close}, so clients retry (against another server, or this one once restarted) instead of
 * failing. Health checks still answer, so probes see the failing /readyz. First in the chain, before
 * authentication, as upstream's WithRetryAfter.
 */
public final class ShuttingDownFilter implements WebFilter, Ordered {

    private static final Set<String> ALWAYS_ANSWERED = Set.of("/readyz", "/livez", "/healthz", "/metrics");

    private final GracefulShutdown shutdown;

    public ShuttingDownFilter(GracefulShutdown shutdown) {
        this.shutdown = shutdown;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (shutdown.stage() != GracefulShutdown.Stage.REFUSING
                || ALWAYS_ANSWERED.contains(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        ApiException error = new ApiException(429, "TooManyRequests",
                "The apiserver is shutting down, please try again later.",
                new ApiException.Details(null, null, null, List.of(), 5));
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(429));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set("Retry-After", "5");
        response.getHeaders().set("Connection", "close");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(Json.write(error.toStatus()))));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
