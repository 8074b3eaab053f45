package dev.capstan.api.security.authn;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes a Status answer from a web filter (which has no router to turn an ApiException into a response). */
final class StatusResponses {

    private StatusResponses() {
    }

    /** Upstream's answer to missing or bad credentials: 401, reason Unauthorized, message "Unauthorized". */
    static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized", "Unauthorized", null);
    }

    static Mono<Void> write(ServerWebExchange exchange, ApiException error) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(error.code()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = Json.write(error.toStatus());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
