package dev.capstan.store.embedded;

import dev.capstan.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections to the store's SQLite file and creates its schema.
 *
 * <p>The schema is kine's: one append-only {@code log} table, a row per revision. A row is a key's version
 * (or a tombstone for a delete) and points at the version it replaced ({@code prev_rev}), so the current
 * state, any older state and the watch history are all queries over one table. WAL mode lets readers run
 * beside the single writer; {@code synchronous=FULL} makes every commit fsync the WAL before it returns.
 */
final class SqliteDatabase {

    static final String FILE_NAME = "state.db";

    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS log (
          rev        INTEGER PRIMARY KEY,
          key        BLOB    NOT NULL,
          create_rev INTEGER NOT NULL,
          prev_rev   INTEGER NOT NULL,
          deleted    INTEGER NOT NULL,
          value      BLOB
        )""",
        "CREATE INDEX IF NOT EXISTS log_key_rev ON log (key, rev)",
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO meta (name, value) VALUES ('compact_rev', 0)",
    };

    private final Path file;

    SqliteDatabase(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        this.file = dataDir.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    /** Opens a connection and makes sure the schema exists. */
    Connection open() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try {
            Connection connection = config.createConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
            }
            return connection;
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** The size of the database and its write-ahead log on disk. */
    long sizeBytes() {
        long size = 0;
        for (String suffix : new String[] {"", "-wal"}) {
            Path part = file.resolveSibling(file.getFileName() + suffix);
            try {
                size += Files.exists(part) ? Files.size(part) : 0;
            } catch (IOException e) {
                // the WAL can vanish between exists and size during a checkpoint: count it as empty
            }
        }
        return size;
    }
}
