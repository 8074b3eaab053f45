package dev.capstan.api.patch;

import dev.capstan.api.json.Json;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON literals for the tests, written with single quotes so tables stay readable. */
final class TestJson {

    private TestJson() {
    }

    static JsonNode tree(String singleQuoted) {
        return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }

    static ObjectNode object(String singleQuoted) {
        return (ObjectNode) tree(singleQuoted);
    }

    static byte[] bytes(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
