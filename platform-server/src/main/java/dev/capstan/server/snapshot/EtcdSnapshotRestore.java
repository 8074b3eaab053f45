package dev.capstan.server.snapshot;

import dev.capstan.store.ListOptions;
import dev.capstan.store.SnapshotFile;
import dev.capstan.store.etcd.EtcdStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code capstan etcd-snapshot restore --etcd-servers ...}: replaces every key under {@code /} in etcd with the
 * snapshot's. The snapshot is checked end to end first; if etcd holds keys, they are saved to
 * {@code <snapshot-dir>/pre-restore-<unix seconds>} before they are deleted, so nothing is lost even if the load
 * fails part way. etcd gives the restored keys new revisions, above every earlier one, so resourceVersions only
 * grow; the history before the restore is then compacted, so a client resuming from an older resourceVersion gets
 * 410 Gone and relists.
 */
final class EtcdSnapshotRestore {

    private final Clock clock;
    private final PrintStream err;

    EtcdSnapshotRestore(Clock clock, PrintStream err) {
        this.clock = clock;
        this.err = err;
    }

    /** @return the pre-restore snapshot of the replaced keys, or null if etcd held none */
    Path run(SnapshotOptions options, Path snapshot) throws IOException {
        SnapshotFile.read(snapshot, kv -> { });
        try (EtcdStorage etcd = StoreAccess.openEtcd(options)) {
            Path kept = null;
            if (!etcd.list("/", ListOptions.firstPage(1)).items().isEmpty()) {
                Files.createDirectories(options.snapshotDir());
                kept = options.snapshotDir().resolve("pre-restore-" + clock.instant().getEpochSecond());
                etcd.snapshot(kept);
                err.println("saved the keys being replaced to " + kept);
                etcd.deleteAll();
            }
            etcd.restore(snapshot);
            long revision = etcd.currentRevision();
            etcd.compact(revision);
            err.println("restored " + snapshot + " into " + StoreAccess.describe(options)
                    + "; the store's revision is now " + revision);
            return kept;
        }
    }
}
