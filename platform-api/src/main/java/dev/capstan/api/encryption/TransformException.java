package dev.capstan.api.encryption;

import dev.capstan.store.StoreException;

/** A value in the store could not be encrypted or decrypted (upstream answers 500 for such an object). */
public final class TransformException extends StoreException {

    public TransformException(String message) {
        super(message);
    }

    public TransformException(String message, Throwable cause) {
        super(message, cause);
    }
}
