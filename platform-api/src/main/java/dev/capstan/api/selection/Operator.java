package dev.capstan.api.selection;

/** The requirement operators of upstream's {@code selection} package, with their selector spelling. */
enum Operator {
    IN("in", " in "),
    NOT_IN("notin", " notin "),
    EQUALS("=", "="),
    DOUBLE_EQUALS("==", "=="),
    NOT_EQUALS("!=", "!="),
    GREATER_THAN("gt", ">"),
    LESS_THAN("lt", "<"),
    EXISTS("exists", ""),
    DOES_NOT_EXIST("!", "!");

    /** Upstream's operator name, as listed in its "expected:" messages. */
    final String name;
    /** How the operator is written between key and values. */
    final String infix;

    Operator(String name, String infix) {
        this.name = name;
        this.infix = infix;
    }
}
