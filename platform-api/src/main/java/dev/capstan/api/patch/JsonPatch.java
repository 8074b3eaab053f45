package dev.capstan.api.patch;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Patch (RFC 6902) with the behaviour of the library upstream's apiserver uses, evanphx/json-patch v4. Where
 * v4 departs from the RFC, clients of Kubernetes rely on v4, so this class follows it: {@code replace} of a missing
 * object member adds it; a negative array index counts from the end; an operation without {@code value} uses null;
 * {@code test} of a missing member passes when the expected value is null; the whole document ({@code ""}) cannot
 * be a target. One deliberate difference: {@code copy} from a missing member fails instead of copying null.
 *
 * <p>Fabric8's zjsonpatch 8 works on Jackson 3 trees, but it is not on this module's main classpath and neither
 * its errors (no parse/apply distinction) nor its semantics (strict RFC) match upstream's, hence this class.
 */
final class JsonPatch {

    /** Upstream's cap on operations per patch ({@code maxJSONPatchOperations}). */
    static final int MAX_OPERATIONS = 10_000;
    /** Upstream's default {@code JSONPatchMaxCopyBytes}: copies could otherwise grow a document exponentially. */
    static final long MAX_COPY_BYTES = 3L * 1024 * 1024;

    private long copiedBytes;

    private JsonPatch() {
    }

    /** Applies the operations in order to {@code target}, which it modifies. */
    static ObjectNode apply(ObjectNode target, JsonNode patch) {
        if (patch.isNull()) {
            return target; // upstream decodes a JSON null into an empty patch
        }
        if (!patch.isArray()) {
            throw PatchException.badRequest("json: cannot unmarshal " + jsonKind(patch)
                    + " into Go value of type jsonpatch.Patch");
        }
        for (JsonNode op : patch) {
            if (!op.isObject() && !op.isNull()) {
                throw PatchException.badRequest("json: cannot unmarshal " + jsonKind(op)
                        + " into Go value of type jsonpatch.Operation");
            }
        }
        if (patch.size() > MAX_OPERATIONS) {
            throw PatchException.tooLarge("The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS
                    + ", got " + patch.size());
        }
        JsonPatch applier = new JsonPatch();
        for (JsonNode op : patch) {
            applier.applyOne(target, op);
        }
        return target;
    }

    private void applyOne(ObjectNode doc, JsonNode op) {
        String kind = op.isObject() && op.path("op").isString() ? op.get("op").stringValue() : "unknown";
        switch (kind) {
            case "add" -> add(doc, op);
            case "remove" -> remove(doc, op);
            case "replace" -> replace(doc, op);
            case "move" -> move(doc, op);
            case "copy" -> copy(doc, op);
            case "test" -> test(doc, op);
            default -> throw PatchException.invalid("Unexpected kind: " + kind);
        }
    }

    private static void add(ObjectNode doc, JsonNode op) {
        String path = pointer(op, "path", "add");
        Location at = locate(doc, path);
        if (at == null) {
            throw failure("add operation does not apply: doc is missing path: \"" + path + "\"");
        }
        insert(at, value(op), "error in add for path: '" + path + "'");
    }

    private static void remove(ObjectNode doc, JsonNode op) {
        String path = pointer(op, "path", "remove");
        Location at = locate(doc, path);
        if (at == null) {
            throw failure("remove operation does not apply: doc is missing path: \"" + path + "\"");
        }
        delete(at, "error in remove for path: '" + path + "'");
    }

    private static void replace(ObjectNode doc, JsonNode op) {
        String path = pointer(op, "path", "replace");
        Location at = locate(doc, path);
        if (at == null) {
            throw failure("replace operation does not apply: doc is missing path: " + path);
        }
        if (at.container.isObject()) {
            ((ObjectNode) at.container).set(at.token, value(op)); // v4: a missing member is added
            return;
        }
        int index = existingIndex(at, true);
        if (index < 0) {
            throw failure("replace operation does not apply: doc is missing key: " + path);
        }
        ((ArrayNode) at.container).set(index, value(op));
    }

    private static void move(ObjectNode doc, JsonNode op) {
        String from = pointer(op, "from", "move");
        Location source = locate(doc, from);
        if (source == null) {
            throw failure("move operation does not apply: doc is missing from path: " + from);
        }
        JsonNode moved = get(source);
        delete(source, "error in move for path: '" + source.token + "'");
        String path = pointer(op, "path", "move");
        Location target = locate(doc, path);
        if (target == null) {
            throw failure("move operation does not apply: doc is missing destination path: " + path);
        }
        insert(target, moved, "error in move for path: '" + path + "'");
    }

    private void copy(ObjectNode doc, JsonNode op) {
        String from = pointer(op, "from", "copy");
        Location source = locate(doc, from);
        if (source == null) {
            throw failure("copy operation does not apply: doc is missing from path: " + from);
        }
        JsonNode value = get(source);
        if (value == null) {
            throw failure("error in copy for from: '" + from + "': missing value");
        }
        String path = pointer(op, "path", "copy");
        Location target = locate(doc, path);
        if (target == null) {
            throw failure("copy operation does not apply: doc is missing destination path: " + path);
        }
        copiedBytes += value.toString().length();
        if (copiedBytes > MAX_COPY_BYTES) {
            throw failure("Unable to complete the copy, the accumulated size increase of copy is " + copiedBytes
                    + ", exceeding the limit " + MAX_COPY_BYTES);
        }
        insert(target, value.deepCopy(), "error while adding value during copy");
    }

    private static void test(ObjectNode doc, JsonNode op) {
        String path = pointer(op, "path", "test");
        Location at = locate(doc, path);
        if (at == null) {
            throw failure("test operation does not apply: is missing path: " + path);
        }
        if (at.container.isArray() && existingIndex(at, false) < 0) {
            throw failure("error in test for path: '" + path + "': invalid index referenced");
        }
        JsonNode actual = get(at);
        JsonNode expected = op.get("value");
        boolean actualAbsent = actual == null || actual.isNull();
        boolean expectedAbsent = expected == null || expected.isNull();
        if (actualAbsent ? expectedAbsent : !expectedAbsent && JsonValues.same(actual, expected)) {
            return;
        }
        throw failure("testing value " + path + " failed: test failed");
    }

    /** A parent container and the last, unescaped reference token of a pointer. */
    private record Location(JsonNode container, String token) {
    }

    /** The parent of a pointer's target, or null when the pointer does not lead anywhere in the document. */
    private static Location locate(JsonNode doc, String pointer) {
        if (!pointer.startsWith("/")) {
            return null; // includes "", the whole document, which v4 cannot address either
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        JsonNode current = doc;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            JsonNode next;
            if (current.isObject()) {
                next = current.get(token);
            } else {
                int index = parseIndex(token);
                next = index >= 0 && index < current.size() ? current.get(index) : null;
            }
            if (next == null || !next.isContainer()) {
                return null;
            }
            current = next;
        }
        return new Location(current, tokens.get(tokens.size() - 1));
    }

    private static JsonNode get(Location at) {
        if (at.container.isObject()) {
            return at.container.get(at.token);
        }
        int index = existingIndex(at, true);
        if (index < 0) {
            throw failure("Unable to access invalid index: " + at.token + ": invalid index referenced");
        }
        return at.container.get(index);
    }

    private static void insert(Location at, JsonNode value, String context) {
        if (at.container.isObject()) {
            ((ObjectNode) at.container).set(at.token, value);
            return;
        }
        ArrayNode array = (ArrayNode) at.container;
        if (at.token.equals("-")) {
            array.add(value);
            return;
        }
        Integer index = signedIndex(at.token);
        if (index == null) {
            throw failure(context + ": value was not a proper array index: '" + at.token + "'");
        }
        int size = array.size() + 1;
        if (index >= size || index < -size) {
            throw failure(context + ": Unable to access invalid index: " + index + ": invalid index referenced");
        }
        array.insert(index < 0 ? index + size : index, value);
    }

    private static void delete(Location at, String context) {
        if (at.container.isObject()) {
            if (at.container.get(at.token) == null) {
                throw failure(context + ": Unable to remove nonexistent key: " + at.token + ": missing value");
            }
            ((ObjectNode) at.container).remove(at.token);
            return;
        }
        int index = existingIndex(at, true);
        if (index < 0) {
            throw failure(context + ": Unable to access invalid index: " + at.token + ": invalid index referenced");
        }
        ((ArrayNode) at.container).remove(index);
    }

    /** The array position a token names, negative counting from the end when allowed; -1 when there is none. */
    private static int existingIndex(Location at, boolean allowNegative) {
        Integer index = signedIndex(at.token);
        int size = at.container.size();
        if (index == null || index >= size || index < (allowNegative ? -size : 0)) {
            return -1;
        }
        return index < 0 ? index + size : index;
    }

    private static Integer signedIndex(String token) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int parseIndex(String token) {
        Integer index = signedIndex(token);
        return index == null ? -1 : index;
    }

    private static String pointer(JsonNode op, String field, String kind) {
        JsonNode value = op.get(field);
        if (value == null || value.isNull()) {
            throw failure(kind + " operation failed to decode " + field + ": missing value");
        }
        if (!value.isString()) {
            throw failure(kind + " operation failed to decode " + field + ": json: cannot unmarshal "
                    + jsonKind(value) + " into Go value of type string");
        }
        return value.stringValue();
    }

    private static JsonNode value(JsonNode op) {
        JsonNode value = op.get("value");
        return value == null ? NullNode.getInstance() : value.deepCopy();
    }

    private static PatchException failure(String message) {
        return PatchException.invalid(message);
    }

    private static String jsonKind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> "null";
        };
    }
}
