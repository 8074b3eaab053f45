package dev.capstan.store;

/** An update or delete found no such key (the API's 404 NotFound). */
public class KeyNotFoundException extends StoreException {

    public KeyNotFoundException(String key) {
        super("key not found: " + key);
    }
}
