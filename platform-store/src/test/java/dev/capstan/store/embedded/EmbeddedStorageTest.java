package dev.capstan.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.store.CompactedException;
import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import dev.capstan.store.RecordingListener;
import dev.capstan.store.StoreException;
import dev.capstan.store.StoreUnavailableException;
import dev.capstan.store.Watch;
import dev.capstan.store.WatchEvent;
import dev.capstan.store.WatchListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store has to show: its data directory outlives the process, and watch isolation. */
class EmbeddedStorageTest {

    @TempDir
    Path dataDir;

    @Test
    void reopenedStoreHasEveryKeyAndContinuesTheRevision() {
        long lastRevision;
        try (EmbeddedStorage store = EmbeddedStorage.open(dataDir)) {
            long r1 = store.create("/registry/pods/ns/a", "1".getBytes(UTF_8));
            store.update("/registry/pods/ns/a", "2".getBytes(UTF_8), r1);
            store.create("/registry/pods/ns/b", "1".getBytes(UTF_8));
            lastRevision = store.delete("/registry/pods/ns/b", 0);
        }
        try (EmbeddedStorage store = EmbeddedStorage.open(dataDir)) {
            assertThat(store.currentRevision()).isEqualTo(lastRevision);
            KeyValue a = store.get("/registry/pods/ns/a").orElseThrow();
            assertThat(new String(a.value(), UTF_8)).isEqualTo("2");
            assertThat(store.get("/registry/pods/ns/b")).isEmpty();
            // a tombstone was the last write: the next write still gets a new revision
            assertThat(store.create("/registry/pods/ns/c", new byte[1])).isEqualTo(lastRevision + 1);
        }
    }

    @Test
    void restoredStoreKeepsTheSnapshotRevisionsAcrossReopen() {
        Path snapshot = dataDir.resolve("backup.snap");
        long snapshotRevision;
        long aRevision;
        try (EmbeddedStorage source = EmbeddedStorage.open(dataDir.resolve("source"))) {
            aRevision = source.create("/registry/pods/ns/a", "1".getBytes(UTF_8));
            source.create("/registry/pods/ns/gone", "1".getBytes(UTF_8));
            source.delete("/registry/pods/ns/gone", 0);
            snapshotRevision = source.snapshot(snapshot);
        }
        try (EmbeddedStorage target = EmbeddedStorage.open(dataDir.resolve("target"))) {
            target.restore(snapshot);
            assertThat(target.currentRevision()).isEqualTo(snapshotRevision);
        }
        try (EmbeddedStorage target = EmbeddedStorage.open(dataDir.resolve("target"))) {
            assertThat(target.currentRevision()).isEqualTo(snapshotRevision);
            assertThat(target.get("/registry/pods/ns/a").orElseThrow().modRevision()).isEqualTo(aRevision);
            assertThat(target.list("/registry/", ListOptions.latest()).items()).hasSize(1);
        }
    }

    @Test
    void aRestoreWithARevisionFloorMovesTheRevisionPastItAndMarksEverythingBeforeCompacted() {
        Path snapshot = dataDir.resolve("backup.snap");
        long aRevision;
        try (EmbeddedStorage source = EmbeddedStorage.open(dataDir.resolve("source"))) {
            aRevision = source.create("/registry/pods/ns/a", "1".getBytes(UTF_8));
            source.snapshot(snapshot);
        }
        long floor = aRevision + 1000;
        try (EmbeddedStorage target = EmbeddedStorage.open(dataDir.resolve("target"))) {
            assertThat(target.restore(snapshot, floor)).isEqualTo(floor);
            assertThat(target.get("/registry/pods/ns/a").orElseThrow().modRevision()).isEqualTo(aRevision);
            assertThatThrownBy(() -> target.list("/registry/", ListOptions.atRevision(aRevision)))
                    .isInstanceOf(CompactedException.class);
            assertThatThrownBy(() -> target.watch("/registry/", aRevision, new RecordingListener())).isInstanceOf(CompactedException.class);
            assertThat(target.create("/registry/pods/ns/b", new byte[1])).isEqualTo(floor + 1);
        }
    }

    @Test
    void aWatcherThatFallsBehindIsEndedWithoutHoldingUpTheOthers() throws Exception {
        EmbeddedStorageOptions options = new EmbeddedStorageOptions(dataDir, 2, 20);
        try (EmbeddedStorage store = EmbeddedStorage.open(options)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<StoreException> slowError = new AtomicReference<>();
            Watch slow = store.watch("/registry/", 0, new WatchListener() {
                @Override
                public void onEvent(WatchEvent event) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void onError(StoreException error) {
                    slowError.set(error);
                }
            });
            RecordingListener fast = new RecordingListener();
            Watch quick = store.watch("/registry/", 0, fast);

            for (int i = 0; i < 100; i++) {
                store.create("/registry/pods/ns/p" + i, new byte[] {1});
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> fast.events.size() == 100);
            assertThat(fast.error.get()).isNull();
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> slowError.get() != null);
            assertThat(slowError.get()).hasMessageContaining("fell more than 20 events behind");
            assertThat(store.watchCount()).isEqualTo(1);
            slow.close();
            quick.close();
        }
    }

    @Test
    void aWatchLearnsItIsCurrentEvenWhenOnlyOtherPrefixesChange() {
        try (EmbeddedStorage store = EmbeddedStorage.open(dataDir)) {
            java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
            RecordingListener events = new RecordingListener() {
                @Override
                public void onProgress(long revision) {
                    progress.set(revision);
                }
            };
            try (Watch watch = store.watch("/registry/pods/", 0, events)) {
                long elsewhere = store.create("/registry/configmaps/ns/c", new byte[1]);
                await().atMost(Duration.ofSeconds(10)).until(() -> progress.get() >= elsewhere);
                assertThat(events.events).isEmpty();
            }
        }
    }

    @Test
    void closingTheStoreEndsOpenWatchesWithUnavailable() {
        EmbeddedStorage store = EmbeddedStorage.open(dataDir);
        RecordingListener listener = new RecordingListener();
        store.watch("/registry/", 0, listener);

        store.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.error.get() != null);
        assertThat(listener.error.get()).isInstanceOf(StoreUnavailableException.class);
    }
}
