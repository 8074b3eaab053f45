package dev.capstan.api.validation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The message of upstream's 422 Invalid Status ({@code errors.NewInvalid}). */
public final class InvalidMessage {

    private InvalidMessage() {
    }

    /**
     * {@code <Kind>[.<group>] "<name>" is invalid: <errors>} where the errors are listed as upstream's aggregate
     * prints them: one distinct message bare, several as {@code [a, b]} with exact duplicates dropped; with no
     * errors the message ends after "is invalid".
     */
    public static String of(String group, String kind, String name, List<FieldError> errors) {
        String qualifiedKind = group == null || group.isEmpty() ? kind : kind + "." + group;
        String head = qualifiedKind + " " + BadValues.goQuote(name) + " is invalid";
        return errors.isEmpty() ? head : head + ": " + aggregate(errors);
    }

    /** Upstream's aggregate error text of a list of field errors (distinct messages, bracketed when several). */
    public static String aggregate(List<FieldError> errors) {
        Set<String> seen = new LinkedHashSet<>();
        errors.forEach(e -> seen.add(e.fullMessage()));
        return seen.size() == 1 ? seen.iterator().next() : "[" + String.join(", ", seen) + "]";
    }
}
