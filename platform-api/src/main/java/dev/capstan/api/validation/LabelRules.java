package dev.capstan.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Upstream's label key ("qualified name") and label value formats, with its messages. */
public final class LabelRules {

    public static final int LABEL_VALUE_MAX_LENGTH = 63;
    static final String LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?";
    private static final Pattern KEY_NAME = Pattern.compile(LABEL_KEY_FMT);
    private static final Pattern VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final String KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final String VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private LabelRules() {
    }

    /**
     * The problems with {@code value} as a label key, annotation key or finalizer name: an optional DNS subdomain
     * prefix and '/', then a name of at most 63 bytes. Empty when valid.
     */
    public static List<String> isQualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            name = parts[1];
            if (parts[0].isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                NameRules.isDns1123Subdomain(parts[0]).forEach(m -> errs.add("prefix part " + m));
            }
        } else {
            errs.add("a valid label key " + NameRules.regexError(KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (NameRules.byteLength(name) > 63) {
            errs.add("name part " + NameRules.maxLenError(63));
        }
        if (!KEY_NAME.matcher(name).matches()) {
            errs.add("name part " + NameRules.regexError(KEY_MSG, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /** The problems with {@code value} as a label value: empty, or at most 63 bytes of the key alphabet. */
    public static List<String> isLabelValue(String value) {
        List<String> errs = new ArrayList<>();
        if (NameRules.byteLength(value) > LABEL_VALUE_MAX_LENGTH) {
            errs.add(NameRules.maxLenError(LABEL_VALUE_MAX_LENGTH));
        }
        if (!VALUE.matcher(value).matches()) {
            errs.add(NameRules.regexError(VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /**
     * Validates a labels object as upstream's {@code ValidateLabels}: every error is reported at {@code path}
     * itself (not per key), the bad key or value as the bad value.
     */
    public static List<FieldError> validateLabels(JsonNode labels, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (labels == null || !labels.isObject()) {
            return errs;
        }
        for (Map.Entry<String, JsonNode> e : labels.properties()) {
            isQualifiedName(e.getKey()).forEach(m -> errs.add(FieldError.invalid(path, e.getKey(), m)));
            String v = e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString();
            isLabelValue(v).forEach(m -> errs.add(FieldError.invalid(path, v, m)));
        }
        return errs;
    }
}
