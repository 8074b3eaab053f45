package dev.capstan.api.selection;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** A field selector with upstream's semantics ({@code k8s.io/apimachinery/pkg/fields}). */
public interface FieldSelector {

    /**
     * Whether an object is selected, given a reader from field name to its value. A field the reader does not
     * know (null) reads as "", as upstream's {@code fields.Set.Get} does: {@code f=} matches it, {@code f!=x} too.
     */
    boolean matches(Function<String, String> fieldValue);

    /** Whether the selector selects everything (no terms). */
    boolean isEmpty();

    /**
     * The field names the terms use, in upstream's evaluation order (terms sorted by their text), so the first
     * unsupported one is the one upstream reports.
     */
    Set<String> fields();

    /** The value a term {@code field=value} (or {@code ==}) requires, if there is one; used to narrow a list by name. */
    Optional<String> requiresExactMatch(String field);

    /**
     * Parses a {@code ?fieldSelector=} expression: {@code field=value}, {@code field==value},
     * {@code field!=value}, joined by commas (AND). In values {@code \\}, {@code \,} and {@code \=} escape a
     * backslash, comma and equals sign; no other escape exists, and an unescaped '=' in a value is an error.
     * Whitespace is not trimmed. An empty expression selects everything.
     *
     * @throws SelectorException with upstream's message
     */
    static FieldSelector parse(String expression) {
        return FieldTerms.parse(expression == null ? "" : expression);
    }

    /** The selector that selects every object. */
    static FieldSelector everything() {
        return new FieldTerms(List.of());
    }
}
