package dev.capstan.api.web;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** JSON responses, including the Status of a failure and upstream's {@code Warning} headers. */
public final class Responses {

    private Responses() {
    }

    public static Mono<ServerResponse> json(int code, JsonNode body) {
        return json(code, body, List.of());
    }

    public static Mono<ServerResponse> json(int code, JsonNode body, List<String> warnings) {
        ServerResponse.BodyBuilder builder = ServerResponse.status(HttpStatusCode.valueOf(code))
                .contentType(MediaType.APPLICATION_JSON);
        for (String warning : warnings) {
            // RFC 7234 warning: code 299, agent "-", quoted text (quotes and backslashes escaped)
            builder.header("Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return builder.bodyValue(Json.write(body));
    }

    /** JSON that is already bytes (from the watch cache): sent as is. */
    public static Mono<ServerResponse> rawJson(int code, byte[] body) {
        return ServerResponse.status(HttpStatusCode.valueOf(code)).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    public static Mono<ServerResponse> error(ApiException e) {
        ServerResponse.BodyBuilder builder = ServerResponse.status(HttpStatusCode.valueOf(e.code()))
                .contentType(MediaType.APPLICATION_JSON);
        if (e.details() != null && e.details().retryAfterSeconds() != null) {
            builder.header("Retry-After", Integer.toString(e.details().retryAfterSeconds()));
        }
        return builder.bodyValue(Json.write(e.toStatus()));
    }
}
