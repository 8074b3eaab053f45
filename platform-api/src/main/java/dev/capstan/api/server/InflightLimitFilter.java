package dev.capstan.api.server;

import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import java.util.concurrent.Semaphore;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Upstream's max-in-flight limit: read-only and mutating requests are counted apart, each against its own
 * limit; past it a request is answered 429 with {@code Retry-After} at once, never queued. Watches are
 * long-running and not counted, as upstream.
 */
public final class InflightLimitFilter implements WebFilter {

    private final Semaphore readOnly;
    private final Semaphore mutating;
    private final int readOnlyLimit;
    private final int mutatingLimit;

    public InflightLimitFilter(int readOnlyLimit, int mutatingLimit) {
        this.readOnlyLimit = readOnlyLimit;
        this.mutatingLimit = mutatingLimit;
        this.readOnly = new Semaphore(readOnlyLimit);
        this.mutating = new Semaphore(mutatingLimit);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isLongRunning(exchange)) {
            return chain.filter(exchange);
        }
        Semaphore permits = isMutating(exchange) ? mutating : readOnly;
        if (!permits.tryAcquire()) {
            return tooManyRequests(exchange);
        }
        return chain.filter(exchange).doFinally(signal -> permits.release());
    }

    /** Requests being served now, by kind (for apiserver_current_inflight_requests). */
    public int inflight(boolean mutatingKind) {
        return mutatingKind ? mutatingLimit - mutating.availablePermits() : readOnlyLimit - readOnly.availablePermits();
    }

    static boolean isMutating(ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
    }

    static boolean isLongRunning(ServerWebExchange exchange) {
        String watch = exchange.getRequest().getQueryParams().getFirst("watch");
        String path = exchange.getRequest().getPath().value();
        return "true".equals(watch) || "1".equals(watch) || path.startsWith("/api/v1/watch/")
                || path.contains("/watch/") || path.endsWith("/exec") || path.endsWith("/log")
                || path.endsWith("/attach") || path.endsWith("/portforward") || path.contains("/proxy");
    }

    private static Mono<Void> tooManyRequests(ServerWebExchange exchange) {
        ApiException error = ApiErrors.tooManyRequests();
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(429));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set("Retry-After", "1");
        DataBuffer body = response.bufferFactory().wrap(Json.write(error.toStatus()));
        return response.writeWith(Mono.just(body));
    }
}
