package dev.capstan.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.capstan.testkit.etcd.EtcdProcess;
import dev.capstan.store.RecordingListener;
import dev.capstan.store.StoreUnavailableException;
import dev.capstan.store.Watch;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * etcd goes away in the middle of a workload: calls fail fast with {@code StoreUnavailable} (never hang), the
 * store comes back by itself when etcd does, and no acknowledged write is lost.
 */
class EtcdStorageOutageIT {

    @Test
    void callsFailFastWhileEtcdIsDownAndEveryAcknowledgedWriteSurvivesTheRestart() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.startNew();
                EtcdStorage store = EtcdStorage.open(EtcdStorageOptions.of(etcd.clientUrl()))) {
            Map<String, Long> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService writer = Executors.newSingleThreadExecutor();
            // a writer keeps going through the outage; it records only what the store acknowledged
            Future<Integer> failures = writer.submit(() -> {
                int failed = 0;
                for (int i = 0; writing.get(); i++) {
                    String key = "/registry/outage/k" + i;
                    try {
                        acknowledged.put(key, store.create(key, ("v" + i).getBytes(UTF_8)));
                    } catch (StoreUnavailableException e) {
                        failed++;
                        Thread.sleep(20);
                    }
                }
                return failed;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 50);
            RecordingListener watcher = new RecordingListener();
            Watch watch = store.watch("/registry/outage/", store.currentRevision(), watcher);

            etcd.stop();

            // fail fast: each call ends with StoreUnavailable; the hang guard is generous on purpose
            for (int i = 0; i < 8; i++) {
                assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(StoreUnavailableException.class, () -> store.get("/registry/outage/k0")));
            }
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(StoreUnavailableException.class,
                    () -> store.update("/registry/outage/k0", new byte[1], 1)));
            await().atMost(Duration.ofSeconds(30)).until(() -> watcher.error.get() != null);
            assertThat(watcher.error.get()).isInstanceOf(StoreUnavailableException.class);
            watch.close();
            int acknowledgedDuringOutage = acknowledged.size();

            etcd.start();

            // it recovers by itself: no reconnect call, the same store object
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> store.get("/registry/outage/k0").isPresent());
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > acknowledgedDuringOutage + 20);
            writing.set(false);
            assertThat(failures.get(30, TimeUnit.SECONDS)).as("the writer saw the outage").isPositive();
            writer.shutdown();

            Map<String, Long> missing = new LinkedHashMap<>();
            acknowledged.forEach((key, revision) -> {
                if (store.get(key).map(kv -> kv.createRevision() != revision).orElse(true)) {
                    missing.put(key, revision);
                }
            });
            assertThat(missing).as("acknowledged writes missing after the outage").isEmpty();
        }
    }
}
