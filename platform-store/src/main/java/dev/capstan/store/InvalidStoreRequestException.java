package dev.capstan.store;

/** The call itself is wrong: a malformed key, a value too large, a bad continue token. Nothing was written. */
public class InvalidStoreRequestException extends StoreException {

    public InvalidStoreRequestException(String message) {
        super(message);
    }
}
