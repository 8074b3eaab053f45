package dev.capstan.store;

/** Base of every failure the store reports. Unchecked: most callers translate it into an HTTP status. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
