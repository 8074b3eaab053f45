package dev.capstan.store;

/** The backing store cannot be reached or did not answer in time (the API's 503). Safe to retry later. */
public class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
