package dev.capstan.api.selection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A conjunction of field terms, parsed as upstream's {@code fields.ParseSelector}. */
final class FieldTerms implements FieldSelector {

    record Term(String field, String value, boolean negated) {
        boolean matches(Function<String, String> fieldValue) {
            String actual = fieldValue.apply(field);
            return value.equals(actual == null ? "" : actual) != negated;
        }

        @Override
        public String toString() {
            return field + (negated ? "!=" : "=") + escape(value);
        }
    }

    private final List<Term> terms;

    FieldTerms(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    static FieldTerms parse(String selector) {
        List<String> parts = splitTerms(selector);
        Collections.sort(parts);
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            Term term = splitTerm(selector, part);
            // Upstream's Transform turns a term with neither field nor value into "everything".
            if (!term.field().isEmpty() || !term.value().isEmpty()) {
                terms.add(term);
            }
        }
        return new FieldTerms(terms);
    }

    @Override
    public boolean matches(Function<String, String> fieldValue) {
        return terms.stream().allMatch(t -> t.matches(fieldValue));
    }

    @Override
    public boolean isEmpty() {
        return terms.isEmpty();
    }

    @Override
    public Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        terms.forEach(t -> fields.add(t.field()));
        return Collections.unmodifiableSet(fields);
    }

    @Override
    public Optional<String> requiresExactMatch(String field) {
        return terms.stream().filter(t -> !t.negated() && t.field().equals(field)).map(Term::value).findFirst();
    }

    /** The canonical selector text, values escaped, as upstream's {@code String()}. */
    @Override
    public String toString() {
        return terms.stream().map(Term::toString).collect(Collectors.joining(","));
    }

    /** Escapes a literal value for use in a field selector ({@code \\}, {@code \,}, {@code \=}). */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }

    /** Splits on commas not preceded by a backslash; escapes stay in the terms for unescaping later. */
    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        if (selector.isEmpty()) {
            return terms;
        }
        int start = 0;
        boolean inSlash = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (inSlash) {
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    /** The field is everything before the first operator; "!=" and "==" are tried before "=" at each position. */
    private static Term splitTerm(String selector, String term) {
        for (int i = 0; i < term.length(); i++) {
            for (String op : List.of("!=", "==", "=")) {
                if (term.startsWith(op, i)) {
                    return new Term(term.substring(0, i), unescape(term.substring(i + op.length())), op.equals("!="));
                }
            }
        }
        throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean inSlash = false;
        for (int i = 0; i < s.length(); i = s.offsetByCodePoints(i, 1)) {
            int c = s.codePointAt(i);
            if (inSlash) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new SelectorException("invalid field selector: invalid escape sequence: \\"
                            + new String(Character.toChars(c)));
                }
                b.appendCodePoint(c);
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                // Upstream formats the rune with %v, which prints its code point number.
                throw new SelectorException("invalid field selector: unescaped character in value: " + c);
            } else {
                b.appendCodePoint(c);
            }
        }
        if (inSlash) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return b.toString();
    }
}
