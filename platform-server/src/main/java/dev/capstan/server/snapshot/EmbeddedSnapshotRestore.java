package dev.capstan.server.snapshot;

import dev.capstan.store.SnapshotFile;
import dev.capstan.store.StoreException;
import dev.capstan.store.embedded.EmbeddedStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code capstan etcd-snapshot restore} for the embedded store: k3s' {@code --cluster-reset-restore-path} for
 * SQLite. The snapshot is loaded into a new database beside the old one, and only a complete, checked load is
 * renamed over {@code state.db} (one atomic rename); the old database stays in {@code DATA/db-old-<unix seconds>/}.
 * A damaged snapshot or any failure before the rename leaves the data directory as it was.
 *
 * <p>Revisions: the keys keep their snapshot revisions (so objects come back with their resourceVersions), but the
 * store's revision moves past the replaced store's and everything before it counts as compacted, as etcdutl's
 * {@code --bump-revision --mark-compacted}: a client still holding a resourceVersion from before the restore gets
 * 410 Gone and relists, instead of watching from a revision that now means something else.
 */
final class EmbeddedSnapshotRestore {

    /**
     * How far past the replaced store's revision the restored one starts. Anything of 2 or more marks every revision
     * the old store handed out as compacted; a round number makes the jump plain to see.
     */
    static final long REVISION_BUMP = 1000;
    /** Used when the replaced store cannot be read: etcd's advice for {@code --bump-revision} in Kubernetes. */
    static final long UNKNOWN_STORE_BUMP = 1_000_000_000L;

    private final Clock clock;
    private final PrintStream err;

    EmbeddedSnapshotRestore(Clock clock, PrintStream err) {
        this.clock = clock;
        this.err = err;
    }

    /** @return the path of the database it replaced, or null if there was none */
    Path run(SnapshotOptions options, Path snapshot) throws IOException {
        Path dataDir = options.dataDir();
        Path database = EmbeddedStorage.databaseFile(dataDir);
        long stamp = clock.instant().getEpochSecond();
        Path staging = dataDir.resolve("restore-" + stamp + ".partial");
        deleteTree(staging);
        long floor = 0;
        if (Files.exists(database)) {
            long current = closeAndReadRevision(dataDir);
            floor = current >= 0 ? current + REVISION_BUMP
                    : SnapshotFile.read(snapshot, kv -> { }) + UNKNOWN_STORE_BUMP;
        }
        long revision;
        try {
            try (EmbeddedStorage restored = EmbeddedStorage.open(staging)) {
                revision = restored.restore(snapshot, floor);
            }
            requireNoWriteAheadLog(EmbeddedStorage.databaseFile(staging));
            Path kept = null;
            if (Files.exists(database)) {
                kept = keep(database, dataDir.resolve("db-old-" + stamp));
            }
            // the one step that changes what the server will open: a rename over state.db, atomic on one file system
            Files.move(EmbeddedStorage.databaseFile(staging), database, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dataDir);
            err.println("restored " + snapshot + " into " + database + "; the store's revision is now " + revision
                    + (kept == null ? "" : "; the previous database is kept in " + kept));
            return kept;
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * The revision of the current store, or -1 if it cannot be read. Opens and closes it: closing the last
     * connection folds SQLite's write-ahead log into
     * {@code state.db}, so that one file is the whole store before it is kept and replaced.
     */
    private long closeAndReadRevision(Path dataDir) {
        try (EmbeddedStorage current = EmbeddedStorage.open(dataDir)) {
            return current.currentRevision();
        } catch (StoreException e) {
            err.println("warning: the current store cannot be read (" + e.getMessage() + "); moving the revision "
                    + UNKNOWN_STORE_BUMP + " past the snapshot's");
            return -1;
        } finally {
            requireNoWriteAheadLog(EmbeddedStorage.databaseFile(dataDir));
        }
    }

    /** A hard link to the old database (no copy of a large file), or a copy where links are not possible. */
    private static Path keep(Path database, Path backupDir) throws IOException {
        Files.createDirectories(backupDir);
        Path backup = backupDir.resolve(database.getFileName());
        try {
            Files.createLink(backup, database);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(database, backup, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(database.resolveSibling(database.getFileName() + "-shm"));
        return backup;
    }

    /** Makes the rename itself durable: a rename lives in the directory, which a power loss could otherwise undo. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void requireNoWriteAheadLog(Path database) {
        if (Files.exists(database.resolveSibling(database.getFileName() + "-wal"))) {
            throw new CommandFailure(database + " still has a write-ahead log after closing (is a server using it?);"
                    + " nothing was changed");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
