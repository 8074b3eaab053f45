package dev.capstan.store;

/** A list or watch asked for history older than the last compaction (the API's 410 Gone, reason Expired). */
public class CompactedException extends StoreException {

    private final long compactedRevision;

    public CompactedException(long requestedRevision, long compactedRevision) {
        super("revision " + requestedRevision + " has been compacted; the oldest available is " + compactedRevision);
        this.compactedRevision = compactedRevision;
    }

    /** The oldest revision still available. */
    public long compactedRevision() {
        return compactedRevision;
    }
}
