package dev.capstan.server.snapshot;

import dev.capstan.store.Storage;
import dev.capstan.store.embedded.EmbeddedStorage;
import dev.capstan.store.etcd.EtcdStorage;
import dev.capstan.store.etcd.EtcdStorageOptions;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Opens the store the flags name, as the server would, but without the encryption layer: snapshots hold the
 * bytes as stored.
 */
final class StoreAccess {

    private static final Duration COMMAND_REQUEST_TIMEOUT = Duration.ofSeconds(30);

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

    /**
     * A one-shot command, unlike the server, has no reason to fail fast: its first call also pays for a cold JVM's
     * gRPC and TLS setup, which on a busy machine takes longer than the server's 2 s request timeout.
     */
    static EtcdStorage openEtcd(SnapshotOptions options) {
        return EtcdStorage.open(EtcdStorageOptions.of(options.etcdServers().toArray(String[]::new))
                .withRequestTimeout(COMMAND_REQUEST_TIMEOUT));
    }

    static String describe(SnapshotOptions options) {
        return options.usesEtcd() ? "etcd " + String.join(",", options.etcdServers())
                : "the embedded store in " + options.dataDir();
    }
}
