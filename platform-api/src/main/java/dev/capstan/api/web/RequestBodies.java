package dev.capstan.api.web;

import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import dev.capstan.api.json.ProtobufBodies;
import tools.jackson.databind.node.ObjectNode;
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

    /**
     * Object bodies must be JSON or Kubernetes protobuf (415 otherwise; no Content-Type counts as JSON, as curl
     * sends).
     */
    public static void requireObjectBody(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type != null && !(type.getType().equals("application") && type.getSubtype().equals("json"))
                && !ProtobufBodies.isProtobuf(type.toString())) {
            throw ApiErrors.unsupportedMediaType(type.toString());
        }
    }

    /** Decodes an object body in the request's encoding (JSON or protobuf) into a JSON tree. */
    public static ObjectNode decode(ServerRequest request, byte[] body) {
        String type = request.headers().contentType().map(Object::toString).orElse(null);
        return ProtobufBodies.isProtobuf(type) ? ProtobufBodies.decode(body) : Json.parseObject(body);
    }
}
