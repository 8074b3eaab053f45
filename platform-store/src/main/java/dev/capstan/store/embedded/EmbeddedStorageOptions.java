package dev.capstan.store.embedded;

import java.nio.file.Path;

/**
 * Settings of the embedded store.
 *
 * @param dataDir the directory holding the database ({@value SqliteDatabase#FILE_NAME} and its WAL)
 * @param readConnections how many reads run at once beside the writer
 * @param maxWatchBacklog how many undelivered events a watch may queue before it is ended as too slow
 */
public record EmbeddedStorageOptions(Path dataDir, int readConnections, int maxWatchBacklog) {

    /** Defaults for a data directory: 8 readers, a backlog of 100,000 events per watch. */
    public static EmbeddedStorageOptions of(Path dataDir) {
        return new EmbeddedStorageOptions(dataDir, 8, 100_000);
    }
}
