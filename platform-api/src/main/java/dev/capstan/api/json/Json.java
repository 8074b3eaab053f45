package dev.capstan.api.json;

import dev.capstan.api.errors.ApiErrors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper of the API server and the helpers around it. Objects travel as trees; bytes are parsed
 * once per request and written once per change. Nesting depth is capped so a hostile body cannot exhaust the
 * stack.
 */
public final class Json {

    /** Deeper than any real Kubernetes object; upstream's decoder caps at 10,000, a JSON bomb goes far past it. */
    public static final int MAX_NESTING_DEPTH = 1000;

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /**
     * Parses a request body that must be a JSON object.
     *
     * @throws dev.capstan.api.errors.ApiException 400 BadRequest if it is not
     */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiErrors.badRequest("the body of the request could not be decoded as JSON: "
                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiErrors.badRequest("the body of the request must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Parses bytes the server wrote itself (stored objects). */
    public static ObjectNode readStored(byte[] bytes) {
        return (ObjectNode) MAPPER.readTree(bytes);
    }

    public static byte[] write(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** The string at a path of fields, or null. */
    public static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            if (current == null) {
                return null;
            }
            current = current.get(field);
        }
        return current == null || current.isNull() ? null : current.asString();
    }
}
