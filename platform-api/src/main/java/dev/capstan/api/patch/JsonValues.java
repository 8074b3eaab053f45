package dev.capstan.api.patch;

import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Value comparison shared by the three patch types. */
final class JsonValues {

    private JsonValues() {
    }

    /**
     * Deep equality that ignores how a number happens to be stored (an int and a long of the same value are
     * equal) but, as upstream's decoded values do, keeps integers and floating-point numbers apart.
     */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.isIntegralNumber() == b.isIntegralNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            for (Map.Entry<String, JsonNode> entry : a.properties()) {
                if (!same(entry.getValue(), b.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            Iterator<JsonNode> left = a.values().iterator();
            Iterator<JsonNode> right = b.values().iterator();
            while (left.hasNext()) {
                if (!same(left.next(), right.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A short rendering for error messages; a whole object could be megabytes. */
    static String brief(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
