package dev.capstan.store.embedded;

import dev.capstan.store.StoreException;
import dev.capstan.store.StoreUnavailableException;
import dev.capstan.store.WatchEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread with group commit. Writers queue requests; the thread takes every request waiting
 * (up to {@link #MAX_BATCH}), applies them one after another in one transaction and commits once, so
 * concurrent writers share one fsync. Because one thread applies every write, a compare-and-swap is a plain
 * read-then-append with nothing racing it.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    static final int MAX_BATCH = 256;

    private final BlockingQueue<WriteRequest> queue = new LinkedBlockingQueue<>();
    private final Connection connection;
    private final PreparedStatement append;
    private final Consumer<List<WatchEvent>> onCommit;
    private final Thread thread;
    private volatile long committedRevision;
    private volatile boolean closed;

    /**
     * @param onCommit called on the writer thread with a batch's events, after the batch is durable and
     *        {@link #committedRevision()} covers it
     */
    GroupCommitWriter(Connection connection, long revision, Consumer<List<WatchEvent>> onCommit) {
        this.connection = connection;
        this.committedRevision = revision;
        this.onCommit = onCommit;
        try {
            this.append = WriteTransaction.prepareAppend(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot prepare the log insert: " + e.getMessage(), e);
        }
        this.thread = new Thread(this::run, "capstan-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The revision of the last durable write. */
    long committedRevision() {
        return committedRevision;
    }

    /** Queues a write and blocks until it is durable (or failed). */
    long submit(WriteRequest request) {
        if (closed) {
            throw new StoreUnavailableException("the store is closed", null);
        }
        queue.add(request);
        if (closed && !thread.isAlive()) {
            failAll(new StoreUnavailableException("the store is closed", null));
        }
        try {
            return request.result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException storeException) {
                throw storeException;
            }
            throw new StoreException("write failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            // the write may still commit: the caller only stops waiting for it
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a write to commit", e);
        }
    }

    private void run() {
        List<WriteRequest> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                WriteRequest first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (first.exclusive()) {
                    commit(batch);
                } else {
                    drainShared(batch);
                    commit(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("event=writer_batch_failed error={}", e.toString(), e);
            } finally {
                batch.clear();
            }
        }
        failAll(new StoreUnavailableException("the store is closed", null));
    }

    /** Adds the waiting requests up to the first exclusive one, which waits for the next batch. */
    private void drainShared(List<WriteRequest> batch) {
        WriteRequest next;
        while (batch.size() < MAX_BATCH && (next = queue.peek()) != null && !next.exclusive()) {
            batch.add(queue.poll());
        }
    }

    private void commit(List<WriteRequest> batch) {
        WriteTransaction tx = new WriteTransaction(connection, append, committedRevision);
        Object[] outcomes = new Object[batch.size()];
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < batch.size(); i++) {
                try {
                    outcomes[i] = batch.get(i).apply(tx);
                } catch (StoreException e) {
                    outcomes[i] = e;
                }
            }
            statement.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollback();
            log.error("event=commit_failed requests={} error={}", batch.size(), e.toString());
            StoreException failure = e instanceof StoreException se ? se
                    : new StoreUnavailableException("commit failed: " + e.getMessage(), e);
            batch.forEach(request -> request.result.completeExceptionally(failure));
            return;
        }
        committedRevision = tx.revision();
        if (!tx.events().isEmpty()) {
            onCommit.accept(tx.events());
        }
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes[i] instanceof StoreException e) {
                batch.get(i).result.completeExceptionally(e);
            } else {
                batch.get(i).result.complete((Long) outcomes[i]);
            }
        }
    }

    private void rollback() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction was open (BEGIN itself failed): nothing to undo
        }
    }

    private void failAll(StoreException error) {
        WriteRequest request;
        while ((request = queue.poll()) != null) {
            request.result.completeExceptionally(error);
        }
    }

    /** Finishes the queued writes, then stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new StoreUnavailableException("the store is closed", null));
        try {
            append.close();
        } catch (SQLException e) {
            // closing
        }
    }
}
