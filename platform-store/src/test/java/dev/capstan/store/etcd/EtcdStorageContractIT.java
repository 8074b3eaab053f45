package dev.capstan.store.etcd;

import dev.capstan.testkit.etcd.EtcdProcess;
import dev.capstan.store.Storage;
import dev.capstan.store.StorageContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract against a real etcd process. The tests share one etcd (and so one revision counter);
 * a test that needs an empty store gets a second etcd of its own.
 */
class EtcdStorageContractIT extends StorageContract {

    @RegisterExtension
    static final EtcdProcess ETCD = new EtcdProcess();

    private final List<EtcdProcess> emptyOnes = new ArrayList<>();

    @Override
    protected Storage openStore() {
        return EtcdStorage.open(EtcdStorageOptions.of(ETCD.clientUrl()));
    }

    @Override
    protected Storage openEmptyStore() {
        EtcdProcess empty = EtcdProcess.startNew();
        emptyOnes.add(empty);
        return EtcdStorage.open(EtcdStorageOptions.of(empty.clientUrl()));
    }

    @AfterEach
    void stopTheEmptyOnes() {
        emptyOnes.forEach(EtcdProcess::close);
        emptyOnes.clear();
    }
}
