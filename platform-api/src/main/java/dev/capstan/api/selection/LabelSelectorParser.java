package dev.capstan.api.selection;

import dev.capstan.api.validation.FieldError;
import dev.capstan.api.validation.LabelRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Upstream's label selector lexer and recursive-descent parser, reproduced token for token so that the accepted
 * language and every error message match {@code labels.Parse}.
 */
final class LabelSelectorParser {

    private enum Tok { ERROR, END, CLOSE_PAR, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GT, IDENT, IN, LT, NOT_EQUALS, NOT_IN, OPEN_PAR }

    private record Item(Tok tok, String literal) {
    }

    private static final Map<String, Tok> LITERALS = Map.ofEntries(
            Map.entry(")", Tok.CLOSE_PAR), Map.entry(",", Tok.COMMA), Map.entry("!", Tok.NOT),
            Map.entry("==", Tok.DOUBLE_EQUALS), Map.entry("=", Tok.EQUALS), Map.entry(">", Tok.GT),
            Map.entry("in", Tok.IN), Map.entry("<", Tok.LT), Map.entry("!=", Tok.NOT_EQUALS),
            Map.entry("notin", Tok.NOT_IN), Map.entry("(", Tok.OPEN_PAR));

    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private final String input;
    private int pos;
    private final List<Item> items = new ArrayList<>();
    private int position;

    LabelSelectorParser(String input) {
        this.input = input;
    }

    List<Requirement> parse() {
        scan();
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            Item next = lookahead(true);
            switch (next.tok) {
                case IDENT, NOT -> {
                    try {
                        requirements.add(parseRequirement());
                    } catch (SelectorException e) {
                        throw new SelectorException("unable to parse requirement: " + e.getMessage());
                    }
                    Item after = consume(true);
                    switch (after.tok) {
                        case END -> {
                            return requirements;
                        }
                        case COMMA -> {
                            Item t2 = lookahead(true);
                            if (t2.tok != Tok.IDENT && t2.tok != Tok.NOT) {
                                throw new SelectorException("found '" + t2.literal + "', expected: identifier after ','");
                            }
                        }
                        default -> throw new SelectorException(
                                "found '" + after.literal + "', expected: ',' or 'end of string'");
                    }
                }
                case END -> {
                    return requirements;
                }
                default -> throw new SelectorException(
                        "found '" + next.literal + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement parseRequirement() {
        Operator operator = null;
        Item item = consume(true);
        if (item.tok == Tok.NOT) {
            operator = Operator.DOES_NOT_EXIST;
            item = consume(true);
        }
        if (item.tok != Tok.IDENT) {
            throw new SelectorException("found '" + item.literal + "', expected: identifier");
        }
        String key = item.literal;
        List<String> keyErrs = LabelRules.isQualifiedName(key);
        if (!keyErrs.isEmpty()) {
            // Upstream validates here against a nil field path, which prints as "<nil>".
            throw new SelectorException(FieldError.invalid("<nil>", key, String.join("; ", keyErrs)).fullMessage());
        }
        Tok next = lookahead(true).tok;
        if ((next == Tok.END || next == Tok.COMMA) && operator == null) {
            operator = Operator.EXISTS;
        }
        if (operator != null) {
            return Requirement.of(key, operator, List.of());
        }
        operator = parseOperator();
        List<String> values = switch (operator) {
            case IN, NOT_IN -> parseValues();
            default -> parseExactValue();
        };
        return Requirement.of(key, operator, values);
    }

    private Operator parseOperator() {
        Item item = consume(false);
        return switch (item.tok) {
            case IN -> Operator.IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case GT -> Operator.GREATER_THAN;
            case LT -> Operator.LESS_THAN;
            case NOT_IN -> Operator.NOT_IN;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            default -> throw new SelectorException("found '" + item.literal + "', expected: " + BINARY_OPERATORS);
        };
    }

    private List<String> parseValues() {
        Item open = consume(true);
        if (open.tok != Tok.OPEN_PAR) {
            throw new SelectorException("found '" + open.literal + "' expected: '('");
        }
        Item next = lookahead(true);
        switch (next.tok) {
            case IDENT, COMMA -> {
                List<String> values = parseIdentifiersList();
                if (consume(true).tok != Tok.CLOSE_PAR) {
                    // Upstream reports the token seen before the list, not the one that failed.
                    throw new SelectorException("found '" + next.literal + "', expected: ')'");
                }
                return values;
            }
            case CLOSE_PAR -> {
                consume(true);
                return List.of("");
            }
            default -> throw new SelectorException("found '" + next.literal + "', expected: ',', ')' or identifier");
        }
    }

    /** A comma-separated list of possibly empty values; "(,a)" and "(a,)" contain the empty value. */
    private List<String> parseIdentifiersList() {
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            Item item = consume(true);
            switch (item.tok) {
                case IDENT -> {
                    values.add(item.literal);
                    Item next = lookahead(true);
                    if (next.tok == Tok.CLOSE_PAR) {
                        return new ArrayList<>(values);
                    }
                    if (next.tok != Tok.COMMA) {
                        throw new SelectorException("found '" + next.literal + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Tok next = lookahead(true).tok;
                    if (next == Tok.CLOSE_PAR) {
                        values.add("");
                        return new ArrayList<>(values);
                    }
                    if (next == Tok.COMMA) {
                        values.add("");
                    }
                }
                default -> throw new SelectorException("found '" + item.literal + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> parseExactValue() {
        Tok next = lookahead(true).tok;
        if (next == Tok.END || next == Tok.COMMA) {
            return List.of("");
        }
        Item item = consume(true);
        if (item.tok == Tok.IDENT) {
            return List.of(item.literal);
        }
        throw new SelectorException("found '" + item.literal + "', expected: identifier");
    }

    // In value position the keywords "in" and "notin" are ordinary identifiers.
    private Item lookahead(boolean valueContext) {
        return contextual(items.get(Math.min(position, items.size() - 1)), valueContext);
    }

    private Item consume(boolean valueContext) {
        Item item = items.get(Math.min(position, items.size() - 1));
        position++;
        return contextual(item, valueContext);
    }

    private static Item contextual(Item item, boolean valueContext) {
        if (valueContext && (item.tok == Tok.IN || item.tok == Tok.NOT_IN)) {
            return new Item(Tok.IDENT, item.literal);
        }
        return item;
    }

    private void scan() {
        while (true) {
            Item item = lex();
            items.add(item);
            if (item.tok == Tok.END) {
                return;
            }
        }
    }

    // Upstream's reader returns 0 at the end, so a NUL character in the input also reads as the end of a token.
    private char read() {
        if (pos < input.length()) {
            return input.charAt(pos++);
        }
        return 0;
    }

    private Item lex() {
        char ch = read();
        while (isWhitespace(ch)) {
            ch = read();
        }
        if (ch == 0) {
            return new Item(Tok.END, "");
        }
        pos--;
        return isSpecial(ch) ? scanSpecial() : scanIdentifier();
    }

    private Item scanIdentifier() {
        StringBuilder b = new StringBuilder();
        while (true) {
            char ch = read();
            if (ch == 0) {
                break;
            }
            if (isSpecial(ch) || isWhitespace(ch)) {
                pos--;
                break;
            }
            b.append(ch);
        }
        String s = b.toString();
        return new Item(LITERALS.getOrDefault(s, Tok.IDENT), s);
    }

    /** The longest operator (at most two characters) starting here: "!=" and "==" win over "!" and "=". */
    private Item scanSpecial() {
        StringBuilder b = new StringBuilder();
        Item last = null;
        while (true) {
            char ch = read();
            if (ch == 0) {
                break;
            }
            if (!isSpecial(ch)) {
                pos--;
                break;
            }
            b.append(ch);
            Tok tok = LITERALS.get(b.toString());
            if (tok != null) {
                last = new Item(tok, b.toString());
            } else if (last != null) {
                pos--;
                break;
            }
        }
        return last != null ? last : new Item(Tok.ERROR, "error expected: keyword found '" + b + "'");
    }

    private static boolean isWhitespace(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    private static boolean isSpecial(char ch) {
        return ch == '=' || ch == '!' || ch == '(' || ch == ')' || ch == ',' || ch == '>' || ch == '<';
    }
}
