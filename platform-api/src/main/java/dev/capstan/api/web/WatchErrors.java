package dev.capstan.api.web;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The ERROR event of a watch stream: {@code {"type":"ERROR","object":<Status>}}. */
final class WatchErrors {

    private WatchErrors() {
    }

    static byte[] errorEvent(ApiException e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"type\":\"ERROR\",\"object\":".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(Json.write(e.toStatus()));
        out.writeBytes("}\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
