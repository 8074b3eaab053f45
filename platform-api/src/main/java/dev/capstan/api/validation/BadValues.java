package dev.capstan.api.validation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Renders values the way upstream's messages print them: Go {@code %q} for strings, JSON otherwise. */
public final class BadValues {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private BadValues() {
    }

    /** A bad value as {@code field.Error} prints it: strings quoted, numbers and booleans bare, the rest JSON. */
    public static String render(Object value) {
        if (value instanceof String s) {
            return goQuote(s);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof JsonNode node) {
            if (node.isString()) {
                return goQuote(node.stringValue());
            }
            if (node.isNumber() || node.isBoolean()) {
                return node.asString();
            }
        }
        // Go's json.Marshal escapes these three even inside strings; matching it keeps messages byte-identical.
        return MAPPER.writeValueAsString(value)
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** Go's {@code strconv.Quote}: double quotes, backslash escapes, non-printable characters escaped. */
    public static String goQuote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 7 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 11 -> b.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        b.append(String.format("\\x%02x", cp));
                    } else if (cp != ' ' && !printable(cp)) {
                        b.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
