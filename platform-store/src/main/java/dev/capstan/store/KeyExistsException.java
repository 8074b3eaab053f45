package dev.capstan.store;

/** A create found the key already there (the API's 409 AlreadyExists). */
public class KeyExistsException extends StoreException {

    public KeyExistsException(String key) {
        super("key already exists: " + key);
    }
}
