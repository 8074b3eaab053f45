package dev.capstan.server.snapshot;

import dev.capstan.store.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code capstan etcd-snapshot save}: a consistent copy of every key, read at one revision, in the portable
 * {@link dev.capstan.store.SnapshotFile} format, while the server keeps serving. Both stores are multi-version:
 * the pages of the snapshot are all read at the revision of the first, so writes that land meanwhile are not in
 * it, and nothing is locked. Values are copied as stored, so Secrets encrypted at rest stay encrypted.
 */
final class SnapshotSave {

    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    SnapshotSave(Clock clock, PrintStream out, PrintStream err) {
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    /** Writes {@code DIR/<name>-<unix seconds>} (as k3s names its snapshots) and prints its path. */
    void run(SnapshotOptions options) throws IOException {
        Path file = options.snapshotDir().resolve(options.name() + "-" + clock.instant().getEpochSecond());
        if (Files.exists(file)) {
            throw new CommandFailure("snapshot " + file + " exists already; pick another --name");
        }
        try (Storage storage = StoreAccess.open(options)) {
            Files.createDirectories(options.snapshotDir());
            long revision = storage.snapshot(file);
            err.println("saved a snapshot of " + StoreAccess.describe(options) + " at revision " + revision);
        }
        out.println(file);
    }
}
