package dev.capstan.store;

/** A compare-and-swap lost: the key changed since the expected revision (the API's 409 Conflict). */
public class RevisionConflictException extends StoreException {

    private final transient KeyValue current;

    public RevisionConflictException(String key, long expectedRevision, KeyValue current) {
        super("key " + key + " is at revision " + current.modRevision() + ", not " + expectedRevision);
        this.current = current;
    }

    /** The key's current version, so the caller can retry without another read. */
    public KeyValue current() {
        return current;
    }
}
