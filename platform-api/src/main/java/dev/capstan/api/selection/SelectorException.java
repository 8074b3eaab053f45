package dev.capstan.api.selection;

/** A label or field selector that does not parse or validate; the message is upstream's, for a 400 BadRequest. */
public class SelectorException extends RuntimeException {

    /** A selector error whose message is shown to the client as is. */
    public SelectorException(String message) {
        super(message);
    }
}
