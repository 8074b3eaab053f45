package dev.capstan.store.embedded;

import dev.capstan.store.StoreException;
import dev.capstan.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of read connections. In WAL mode each reads a consistent snapshot beside the writer, so reads
 * never wait for a commit. Written by hand instead of using a JDBC pool (HikariCP) because the pool needs no
 * validation, eviction or timeouts beyond "borrow, use, return", and one-connection-one-reader is all SQLite
 * supports anyway.
 */
final class ReadConnectionPool implements AutoCloseable {

    /** One read against a borrowed connection. */
    @FunctionalInterface
    interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    ReadConnectionPool(SqliteDatabase database, int size) {
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Connection connection = database.open();
            all.add(connection);
            idle.add(connection);
        }
    }

    <T> T read(Read<T> read) {
        Connection connection = borrow();
        try {
            return read.run(connection);
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        } finally {
            idle.add(connection);
        }
    }

    private Connection borrow() {
        try {
            Connection connection = closed ? null : idle.poll(30, TimeUnit.SECONDS);
            if (connection == null) {
                throw new StoreUnavailableException("no read connection available (store closed or overloaded)", null);
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a read connection", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection : all) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing: nothing left to do with a connection that will not close
            }
        }
    }
}
