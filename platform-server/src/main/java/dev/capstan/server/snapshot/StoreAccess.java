package dev.capstan.server.snapshot;

import dev.capstan.store.Storage;
import dev.capstan.store.embedded.EmbeddedStorage;
import dev.capstan.store.etcd.EtcdStorage;
import dev.capstan.store.etcd.EtcdStorageOptions;
import java.nio.file.Files;

/**
 * Opens the store the flags name, as the server would, but without the encryption layer: snapshots hold the
 * bytes as stored.
 */
final class StoreAccess {

    private StoreAccess() {
    }

    /** The store; for the embedded one, only if its database exists (an empty one is not created by mistake). */
    static Storage open(SnapshotOptions options) {
        if (options.usesEtcd()) {
            return openEtcd(options);
        }
        if (!Files.exists(EmbeddedStorage.databaseFile(options.dataDir()))) {
            throw new CommandFailure("no store in " + options.dataDir() + " (no "
                    + EmbeddedStorage.databaseFile(options.dataDir()).getFileName() + "); check --data-dir");
        }
        return EmbeddedStorage.open(options.dataDir());
    }

    static EtcdStorage openEtcd(SnapshotOptions options) {
        return EtcdStorage.open(EtcdStorageOptions.of(options.etcdServers().toArray(String[]::new)));
    }

    static String describe(SnapshotOptions options) {
        return options.usesEtcd() ? "etcd " + String.join(",", options.etcdServers())
                : "the embedded store in " + options.dataDir();
    }
}
