package dev.capstan.store.embedded;

import dev.capstan.store.Storage;
import dev.capstan.store.StorageContract;

/** The storage contract against the embedded SQLite store, a fresh data directory per test. */
class EmbeddedStorageContractTest extends StorageContract {

    @Override
    protected Storage openStore() {
        return EmbeddedStorage.open(tempDir.resolve("data"));
    }

    @Override
    protected Storage openEmptyStore() {
        return EmbeddedStorage.open(tempDir.resolve("empty"));
    }
}
