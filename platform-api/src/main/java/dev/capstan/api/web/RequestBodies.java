package dev.capstan.api.web;

import dev.capstan.api.errors.ApiErrors;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads request bodies whole, refusing more than upstream's 3 MiB with 413 before it is all in memory. */
public final class RequestBodies {

    /** Upstream's maxRequestBodyBytes: 3 MiB. */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private RequestBodies() {
    }

    public static Mono<byte[]> read(ServerRequest request) {
        return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), MAX_BODY_BYTES)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> ApiErrors.tooLarge(MAX_BODY_BYTES));
    }

    /** Create and update bodies must be JSON (415 otherwise; no Content-Type counts as JSON, as curl sends). */
    public static void requireJson(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type != null && !(type.getType().equals("application") && type.getSubtype().equals("json"))) {
            throw ApiErrors.unsupportedMediaType(type.toString());
        }
    }
}
