package dev.capstan.store.embedded;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * One write waiting for the writer thread. {@link #apply} runs inside the batch's transaction; it checks its
 * precondition and either appends rows or throws a {@link dev.capstan.store.StoreException}, which fails this
 * request alone. The future completes only after the batch is committed and fsynced.
 */
abstract class WriteRequest {

    final CompletableFuture<Long> result = new CompletableFuture<>();

    /** Applies the write; returns the revision the caller gets back. */
    abstract long apply(WriteTransaction tx) throws SQLException;

    /** A request that runs alone in its transaction (compaction, restore) rather than sharing a batch. */
    boolean exclusive() {
        return false;
    }
}
