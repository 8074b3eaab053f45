package dev.capstan.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.capstan.store.CompactedException;
import dev.capstan.testkit.etcd.EtcdProcess;
import dev.capstan.store.InvalidStoreRequestException;
import dev.capstan.store.KeyExistsException;
import dev.capstan.store.KeyNotFoundException;
import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import dev.capstan.store.ListResult;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.Storage;
import dev.capstan.store.StoreException;
import dev.capstan.store.StoreUnavailableException;
import dev.capstan.store.Watch;
import dev.capstan.store.WatchEvent;
import dev.capstan.store.WatchListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the etcd store has to show, against a real etcd: a second client learns a compaction it did not
 * make, a slow listener is ended, and a watch bridges a short outage. The shared behaviour is in
 * {@link EtcdStorageContractIT}, the outage under load in {@link EtcdStorageOutageIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdStorageIT {

    private static EtcdProcess etcd;
    private static EtcdStorage store;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdProcess.startNew();
        store = new EtcdStorage(EtcdStorageOptions.of(etcd.clientUrl()));
    }

    @AfterAll
    static void stopEtcd() {
        if (store != null) {
            store.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    @Order(4)
    void aSecondClientLearnsTheExactRevisionOfACompactionItDidNotMake() {
        long old = store.create("/smoke/c", bytes("old"));
        long middle = store.update("/smoke/c", bytes("newer"), old);
        store.update("/smoke/c", bytes("newest"), middle);
        long now = store.currentRevision();
        store.compact(now);
        assertThat(store.compactedRevision()).isEqualTo(now);

        CompactedException listed = assertThrows(CompactedException.class,
                () -> store.list("/smoke/", ListOptions.atRevision(old)));
        assertThat(listed.compactedRevision()).isEqualTo(now);
        // A second client has not seen the compaction; it learns the exact revision from etcd.
        try (EtcdStorage other = new EtcdStorage(EtcdStorageOptions.of(etcd.clientUrl()))) {
            assertThat(other.compactedRevision()).isZero();
            CompactedException learned = assertThrows(CompactedException.class,
                    () -> other.list("/smoke/", ListOptions.atRevision(old)));
            assertThat(learned.compactedRevision()).isEqualTo(now);
            assertThat(other.compactedRevision()).isEqualTo(now);
        }
        assertThatThrownBy(() -> store.watch("/smoke/", old, new Recorder())).isInstanceOf(CompactedException.class);
        assertThat(store.list("/smoke/", ListOptions.atRevision(now)).items()).isNotEmpty();
        store.compact(now - 1); // already compacted: no-op
        assertThat(store.databaseSizeBytes()).isPositive();
    }

    @Test
    @Order(5)
    void aListenerThatFallsBehindIsEnded() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Recorder recorder = new Recorder() {
            @Override
            public void onEvent(WatchEvent event) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.onEvent(event);
            }
        };
        try (EtcdStorage small = new EtcdStorage(EtcdStorageOptions.of(etcd.clientUrl()).withWatchQueueCapacity(2));
                Watch watch = small.watch("/slow/", small.currentRevision(), recorder)) {
            for (int i = 0; i < 10; i++) {
                small.create("/slow/k" + i, bytes("v"));
            }
            Thread.sleep(500);
            release.countDown();
            StoreException ended = recorder.errors.poll(10, TimeUnit.SECONDS);
            assertThat(ended).isNotNull().isNotInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("fell behind");
            assertThat(recorder.events.size()).isBetween(1, 3);
            for (int i = 0; i < 10; i++) {
                small.delete("/slow/k" + i, Storage.ANY_REVISION);
            }
        }
    }

    @Test
    @Order(8)
    void aWatchBridgesAShortOutageWithoutLosingOrRepeatingEvents() throws Exception {
        EtcdStorageOptions patient = EtcdStorageOptions.of(etcd.clientUrl())
                .withWatchReconnectTimeout(Duration.ofSeconds(60));
        try (EtcdStorage other = new EtcdStorage(patient)) {
            Recorder recorder = new Recorder();
            try (Watch watch = other.watch("/bridge/", other.currentRevision(), recorder)) {
                long before = other.create("/bridge/before", bytes("1"));
                assertThat(recorder.next().revision()).isEqualTo(before);
                etcd.stop();
                etcd.start();
                long after = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions().until(() -> other.create("/bridge/after", bytes("2")), rev -> rev > 0);
                WatchEvent event = recorder.next();
                assertThat(event.key()).isEqualTo("/bridge/after");
                assertThat(event.revision()).isEqualTo(after);
                assertThat(recorder.errors).isEmpty();
                assertThat(recorder.events).isEmpty();
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static List<String> keys(List<KeyValue> items) {
        return items.stream().map(KeyValue::key).toList();
    }

    /** Collects a watch's events and errors. */
    private static class Recorder implements WatchListener {
        final BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<StoreException> errors = new LinkedBlockingQueue<>();

        @Override
        public void onEvent(WatchEvent event) {
            events.add(event);
        }

        @Override
        public void onError(StoreException error) {
            errors.add(error);
        }

        WatchEvent next() throws InterruptedException {
            WatchEvent event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("a watch event within 10 s (errors: %s)", errors).isNotNull();
            return event;
        }
    }
}
