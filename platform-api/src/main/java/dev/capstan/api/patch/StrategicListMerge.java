package dev.capstan.api.patch;

import dev.capstan.api.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * The list half of a strategic merge patch: lists of objects merge element by element on their merge key, lists of
 * primitives merge as sets, {@code $patch: delete}/{@code $patch: replace} elements act on the list, and the
 * result is ordered the way upstream orders it: patch elements in patch order, elements only on the server in
 * their old order, the two interleaved where the old order relates them and patch elements first where it does
 * not (so a new element without {@code $setElementOrder} lands at the front, as with upstream). A
 * {@code $setElementOrder/<field>} list, when present, fixes the order of the elements it names.
 */
final class StrategicListMerge {

    private final StrategicMergePatch maps;
    private final PatchSchema schema;

    StrategicListMerge(StrategicMergePatch maps, PatchSchema schema) {
        this.maps = maps;
        this.schema = schema;
    }

    /** Merges a patch list into the original list of a field whose strategy is merge. */
    ArrayNode merge(ArrayNode original, ArrayNode patch, String mergeKey, List<String> path) {
        return toArray(mergeList(elements(original), elements(patch), mergeKey, path));
    }

    private List<JsonNode> mergeList(List<JsonNode> original, List<JsonNode> patch, String mergeKey,
            List<String> path) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        boolean objects = elementType(original, patch) == JsonNodeType.OBJECT;
        List<JsonNode> merged;
        if (!objects) {
            merged = new ArrayList<>();
            for (JsonNode element : concat(original, patch)) {
                if (indexOf(merged, element, null) < 0) {
                    merged.add(element);
                }
            }
        } else {
            if (mergeKey == null) {
                throw PatchException.internal("cannot merge lists without merge key for type struct");
            }
            List<JsonNode> plain = new ArrayList<>();
            boolean replace = false;
            List<JsonNode> kept = new ArrayList<>(original);
            for (JsonNode element : patch) {
                JsonNode directive = element.get(StrategicMergePatch.DIRECTIVE);
                String name = directive != null && directive.isString() ? directive.stringValue() : null;
                if (directive == null) {
                    plain.add(element);
                } else if ("delete".equals(name)) {
                    JsonNode key = requireKey(element, mergeKey);
                    kept.removeIf(e -> JsonValues.same(e.get(mergeKey), key));
                } else if ("replace".equals(name)) {
                    replace = true;
                } else if ("merge".equals(name)) {
                    throw PatchException.internal("merging lists cannot yet be specified in the patch");
                } else {
                    throw StrategicMergePatch.unknownDirective(directive, element);
                }
            }
            original = replace ? plain : kept;
            patch = replace ? List.of() : plain;
            merged = new ArrayList<>(original);
            for (JsonNode element : patch) {
                requireKey(element, mergeKey);
                int at = indexOf(merged, element, mergeKey);
                if (at >= 0) {
                    merged.set(at, maps.mergeMap((ObjectNode) merged.get(at), (ObjectNode) element, path));
                } else {
                    merged.add(maps.fresh(element, path));
                }
            }
        }
        return normalizeOrder(merged, patch, original, objects ? mergeKey : null, objects);
    }

    /** Processes every {@code $setElementOrder/<field>} of a patch map, with the list it orders. */
    void applyElementOrders(ObjectNode original, ObjectNode patch, List<String> path) {
        for (Map.Entry<String, JsonNode> entry : new ArrayList<>(patch.properties())) {
            if (!entry.getKey().startsWith(StrategicMergePatch.ORDER_PREFIX)) {
                continue;
            }
            patch.remove(entry.getKey());
            JsonNode order = entry.getValue();
            String field = StrategicMergePatch.extractKey(entry.getKey(), StrategicMergePatch.ORDER_PREFIX);
            JsonNode originalList = original.get(field);
            JsonNode patchList = patch.get(field);
            if (!order.isArray() || (originalList != null && !originalList.isArray())
                    || (patchList != null && !patchList.isArray())) {
                throw PatchException.internal("expected a []interface {}, but received a "
                        + JsonValues.brief(!order.isArray() ? order : originalList != null && !originalList.isArray()
                                ? originalList : patchList));
            }
            if (originalList == null && patchList == null) {
                continue;
            }
            List<String> child = StrategicMergePatch.append(path, field);
            Optional<ListStrategy> strategy = schema.listStrategy(child).filter(ListStrategy::merge);
            String mergeKey = strategy.map(ListStrategy::mergeKey).orElse(null);
            List<JsonNode> orderList = elements(order);
            List<JsonNode> before = originalList == null ? List.of() : elements(originalList);
            List<JsonNode> patched = patchList == null ? List.of() : elements(patchList);
            validateOrder(patched, orderList, mergeKey);
            patch.remove(field);
            if (strategy.isEmpty()) {
                // an atomic list: the patch replaces it; upstream does not reorder these in any useful way
                original.set(field, patchList != null ? patchList : originalList);
                continue;
            }
            List<JsonNode> merged = patchList == null ? before : mergeList(before, patched, mergeKey, child);
            JsonNodeType type = elementType(before, patched);
            if (type == null) {
                original.set(field, toArray(merged));
                continue;
            }
            boolean objects = type == JsonNodeType.OBJECT;
            original.set(field, toArray(normalizeOrder(merged, orderList, before, objects ? mergeKey : null,
                    objects)));
        }
    }

    /** Upstream's consistency check: the patch list must follow the relative order of the order list. */
    private static void validateOrder(List<JsonNode> patch, List<JsonNode> order, String mergeKey) {
        if (patch.isEmpty() || order.isEmpty()) {
            return;
        }
        List<JsonNode> compared = new ArrayList<>();
        for (JsonNode element : patch) {
            if (mergeKey == null || !isDeleteDirective(element)) {
                compared.add(element);
            }
        }
        int p = 0;
        int o = 0;
        while (p < compared.size() && o < order.size()) {
            JsonNode element = compared.get(p);
            if (element.isObject() && element.has(StrategicMergePatch.DIRECTIVE)) {
                p++;
                continue;
            }
            boolean equal = mergeKey == null ? JsonValues.same(element, order.get(o))
                    : JsonValues.same(requireKey(element, mergeKey), requireKey(order.get(o), mergeKey));
            if (equal) {
                p++;
            }
            o++;
        }
        if (p < compared.size()) {
            throw PatchException.internal("The order in patch list:\n" + JsonValues.brief(toArray(patch))
                    + "\n doesn't match " + StrategicMergePatch.ORDER_PREFIX + " list:\n"
                    + JsonValues.brief(toArray(order)) + "\n");
        }
    }

    /**
     * Orders a merged list: the elements named in {@code patchOrder} in that order, the others in
     * {@code serverOrder}, then the two interleaved as upstream's {@code mergeSortedSlice} does.
     */
    private static List<JsonNode> normalizeOrder(List<JsonNode> merged, List<JsonNode> patchOrder,
            List<JsonNode> serverOrder, String mergeKey, boolean objects) {
        List<JsonNode> fromPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode element : merged) {
            if (objects) {
                requireKey(element, mergeKey);
            }
            (indexOf(patchOrder, element, mergeKey) >= 0 ? fromPatch : serverOnly).add(element);
        }
        sortBy(fromPatch, patchOrder, mergeKey);
        sortBy(serverOnly, serverOrder, mergeKey);
        List<JsonNode> result = new ArrayList<>(merged.size());
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < fromPatch.size()) {
            if (j >= fromPatch.size()) {
                result.add(serverOnly.get(i++));
            } else if (i >= serverOnly.size()) {
                result.add(fromPatch.get(j++));
            } else {
                int left = indexOf(serverOrder, serverOnly.get(i), mergeKey);
                int right = indexOf(serverOrder, fromPatch.get(j), mergeKey);
                result.add(left >= 0 && right >= 0 && left < right ? serverOnly.get(i++) : fromPatch.get(j++));
            }
        }
        return result;
    }

    /** Stable sort by position in {@code order}; elements it does not name keep their order at the end. */
    private static void sortBy(List<JsonNode> elements, List<JsonNode> order, String mergeKey) {
        elements.sort(Comparator.comparingInt(e -> {
            int at = indexOf(order, e, mergeKey);
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
    }

    /** Position of the element with the same merge key value (or the same value, for primitives), or -1. */
    private static int indexOf(List<JsonNode> list, JsonNode element, String mergeKey) {
        JsonNode wanted = mergeKey == null ? element : element.get(mergeKey);
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = mergeKey == null ? list.get(i) : list.get(i).get(mergeKey);
            if (JsonValues.same(candidate, wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode requireKey(JsonNode element, String mergeKey) {
        JsonNode key = element.isObject() ? element.get(mergeKey) : null;
        if (key == null) {
            throw PatchException.internal("map: " + JsonValues.brief(element)
                    + " does not contain declared merge key: " + mergeKey);
        }
        return key;
    }

    private static boolean isDeleteDirective(JsonNode element) {
        JsonNode directive = element.get(StrategicMergePatch.DIRECTIVE);
        return directive != null && directive.isString() && directive.stringValue().equals("delete");
    }

    /** The one element type of the lists; lists of lists and mixed lists fail as upstream; null when empty. */
    private static JsonNodeType elementType(List<JsonNode> first, List<JsonNode> second) {
        JsonNodeType type = null;
        Boolean integral = null;
        for (JsonNode element : concat(first, second)) {
            if (element.isArray()) {
                throw PatchException.invalid("lists of lists are not supported");
            }
            boolean sameNumberKind = !element.isNumber() || integral == null || integral == element.isIntegralNumber();
            if (type != null && (type != element.getNodeType() || !sameNumberKind)) {
                throw PatchException.internal("list element types are not identical: "
                        + JsonValues.brief(toArray(concat(first, second))));
            }
            type = element.getNodeType();
            integral = element.isNumber() ? element.isIntegralNumber() : null;
        }
        return type;
    }

    private static List<JsonNode> elements(JsonNode array) {
        return new ArrayList<>(array.values());
    }

    private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
        List<JsonNode> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static ArrayNode toArray(List<JsonNode> elements) {
        ArrayNode array = Json.array();
        elements.forEach(array::add);
        return array;
    }
}
