package dev.capstan.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link Storage} must have. Each implementation runs it through a subclass that says how
 * to get a store. Tests work under their own prefix and with revisions relative to what they read, because
 * an etcd-backed store shares one revision counter across the whole run.
 */
public abstract class StorageContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    protected Storage store;
    protected String prefix;

    @TempDir
    protected Path tempDir;

    /** A store for one test; it may hold other tests' keys. */
    protected abstract Storage openStore() throws Exception;

    /** A store that holds no key at all (for restore). */
    protected abstract Storage openEmptyStore() throws Exception;

    @BeforeEach
    void openTheStore() throws Exception {
        store = openStore();
        prefix = "/registry/contract" + PREFIXES.incrementAndGet() + "/";
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    protected String key(String name) {
        return prefix + name;
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    // --- reads and writes -------------------------------------------------------------------------------

    @Test
    void createdKeyIsReadBackWithItsRevision() {
        long rev = store.create(key("a"), bytes("one"));

        KeyValue kv = store.get(key("a")).orElseThrow();
        assertThat(kv.value()).isEqualTo(bytes("one"));
        assertThat(kv.createRevision()).isEqualTo(rev);
        assertThat(kv.modRevision()).isEqualTo(rev);
        assertThat(store.currentRevision()).isGreaterThanOrEqualTo(rev);
    }

    @Test
    void everyWriteGetsAHigherRevision() {
        long r1 = store.create(key("a"), bytes("1"));
        long r2 = store.update(key("a"), bytes("2"), r1);
        long r3 = store.create(key("b"), bytes("1"));
        long r4 = store.delete(key("a"), r2);

        assertThat(List.of(r1, r2, r3, r4)).isSorted().doesNotHaveDuplicates();
        assertThat(store.get(key("b")).orElseThrow().createRevision()).isEqualTo(r3);
    }

    @Test
    void missingKeyReadsAsEmpty() {
        assertThat(store.get(key("nothing"))).isEmpty();
    }

    @Test
    void createOfAnExistingKeyFailsAndKeepsTheOldValue() {
        long rev = store.create(key("a"), bytes("first"));

        assertThatThrownBy(() -> store.create(key("a"), bytes("second"))).isInstanceOf(KeyExistsException.class);
        assertThat(store.get(key("a")).orElseThrow().value()).isEqualTo(bytes("first"));
        assertThat(store.get(key("a")).orElseThrow().modRevision()).isEqualTo(rev);
    }

    @Test
    void updateWithTheCurrentRevisionReplacesTheValueAndKeepsTheCreateRevision() {
        long created = store.create(key("a"), bytes("1"));
        long updated = store.update(key("a"), bytes("2"), created);

        KeyValue kv = store.get(key("a")).orElseThrow();
        assertThat(kv.value()).isEqualTo(bytes("2"));
        assertThat(kv.modRevision()).isEqualTo(updated);
        assertThat(kv.createRevision()).isEqualTo(created);
    }

    @Test
    void updateWithStaleRevisionIsRejectedWithConflictCarryingTheCurrentValue() {
        long created = store.create(key("a"), bytes("1"));
        long updated = store.update(key("a"), bytes("2"), created);

        assertThatThrownBy(() -> store.update(key("a"), bytes("3"), created))
                .isInstanceOfSatisfying(RevisionConflictException.class, e -> {
                    assertThat(e.current().modRevision()).isEqualTo(updated);
                    assertThat(e.current().value()).isEqualTo(bytes("2"));
                });
        assertThat(store.get(key("a")).orElseThrow().value()).isEqualTo(bytes("2"));
    }

    @Test
    void updateOfAMissingKeyFailsWithNotFound() {
        assertThatThrownBy(() -> store.update(key("ghost"), bytes("x"), 1)).isInstanceOf(KeyNotFoundException.class);
        assertThat(store.get(key("ghost"))).isEmpty();
    }

    @Test
    void deleteRemovesTheKeyAndACreateStartsAFreshIncarnation() {
        long created = store.create(key("a"), bytes("1"));
        long deleted = store.delete(key("a"), created);

        assertThat(deleted).isGreaterThan(created);
        assertThat(store.get(key("a"))).isEmpty();
        long recreated = store.create(key("a"), bytes("2"));
        assertThat(store.get(key("a")).orElseThrow().createRevision()).isEqualTo(recreated);
    }

    @Test
    void deleteWithStaleRevisionIsRejectedAndTheKeyStays() {
        long created = store.create(key("a"), bytes("1"));
        store.update(key("a"), bytes("2"), created);

        assertThatThrownBy(() -> store.delete(key("a"), created)).isInstanceOf(RevisionConflictException.class);
        assertThat(store.get(key("a"))).isPresent();
    }

    @Test
    void unconditionalDeleteRemovesWhateverRevisionAndMissingKeyIsNotFound() {
        store.create(key("a"), bytes("1"));

        store.delete(key("a"), Storage.ANY_REVISION);

        assertThat(store.get(key("a"))).isEmpty();
        assertThatThrownBy(() -> store.delete(key("a"), Storage.ANY_REVISION))
                .isInstanceOf(KeyNotFoundException.class);
    }

    // --- bad input ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "no-leading-slash", "/trailing/", "/double//slash", "/dot/../up", "/dot/./here",
        "/control/\u0001char"})
    void malformedKeyIsRefusedAndNothingIsWritten(String badKey) {
        long before = store.currentRevision();

        assertThatThrownBy(() -> store.create(badKey, bytes("x"))).isInstanceOf(InvalidStoreRequestException.class);
        assertThatThrownBy(() -> store.get(badKey)).isInstanceOf(InvalidStoreRequestException.class);
        assertThat(store.currentRevision()).isEqualTo(before);
    }

    @Test
    void valueOverTheRequestLimitIsRefusedAndNothingIsWritten() {
        long before = store.currentRevision();
        byte[] tooLarge = new byte[StorageLimits.MAX_VALUE_BYTES + 1];

        assertThatThrownBy(() -> store.create(key("big"), tooLarge)).isInstanceOf(InvalidStoreRequestException.class);
        assertThat(store.get(key("big"))).isEmpty();
        assertThat(store.currentRevision()).isEqualTo(before);
        // exactly at the limit is fine
        store.create(key("limit"), new byte[StorageLimits.MAX_VALUE_BYTES]);
        assertThat(store.get(key("limit")).orElseThrow().value()).hasSize(StorageLimits.MAX_VALUE_BYTES);
    }

    @Test
    void malformedContinueTokenIsRefused() {
        assertThatThrownBy(() -> store.list(prefix, ListOptions.nextPage(5, "not a token!")))
                .isInstanceOf(InvalidStoreRequestException.class);
    }

    // --- lists ----------------------------------------------------------------------------------------

    @Test
    void listReturnsOnlyKeysUnderThePrefixInKeyOrder() {
        store.create(key("pods/ns/b"), bytes("b"));
        store.create(key("pods/ns/a"), bytes("a"));
        store.create(key("pods/other/c"), bytes("c"));
        store.create(key("podsecurity/x"), bytes("not a pod"));

        ListResult result = store.list(key("pods/"), ListOptions.latest());

        assertThat(result.items()).extracting(KeyValue::key)
                .containsExactly(key("pods/ns/a"), key("pods/ns/b"), key("pods/other/c"));
        assertThat(result.hasMore()).isFalse();
        assertThat(result.revision()).isGreaterThanOrEqualTo(store.get(key("podsecurity/x")).orElseThrow().modRevision());
    }

    @Test
    void pagesAreReadAtTheRevisionOfTheFirstPage() {
        for (int i = 0; i < 10; i++) {
            store.create(key("item" + i), bytes("v" + i));
        }
        ListResult first = store.list(prefix, ListOptions.firstPage(4));
        // changes after the first page must not show in later pages
        store.delete(key("item7"), Storage.ANY_REVISION);
        store.create(key("item5a"), bytes("new"));
        store.update(key("item9"), bytes("changed"), store.get(key("item9")).orElseThrow().modRevision());

        List<KeyValue> all = new ArrayList<>(first.items());
        ListResult page = first;
        while (page.hasMore()) {
            page = store.list(prefix, ListOptions.nextPage(4, page.continueToken()));
            assertThat(page.revision()).isEqualTo(first.revision());
            all.addAll(page.items());
        }

        assertThat(first.items()).hasSize(4);
        assertThat(all).extracting(KeyValue::key).containsExactly(
                key("item0"), key("item1"), key("item2"), key("item3"), key("item4"),
                key("item5"), key("item6"), key("item7"), key("item8"), key("item9"));
        assertThat(all.get(9).value()).isEqualTo(bytes("v9"));
    }

    @Test
    void listAtAnOlderRevisionShowsThePastState() {
        long r1 = store.create(key("a"), bytes("1"));
        store.update(key("a"), bytes("2"), r1);
        store.create(key("b"), bytes("b"));

        ListResult past = store.list(prefix, ListOptions.atRevision(r1));

        assertThat(past.items()).singleElement().satisfies(kv -> {
            assertThat(kv.key()).isEqualTo(key("a"));
            assertThat(kv.value()).isEqualTo(bytes("1"));
        });
        assertThat(past.revision()).isEqualTo(r1);
    }

    // --- compaction -----------------------------------------------------------------------------------

    @Test
    void afterCompactionOlderRevisionsAreGoneButCurrentStateIsIntact() {
        long r1 = store.create(key("a"), bytes("1"));
        store.update(key("a"), bytes("2"), r1);
        store.create(key("b"), bytes("b"));
        long r4 = store.delete(key("b"), Storage.ANY_REVISION);
        long r5 = store.create(key("c"), bytes("c"));
        ListResult firstPage = store.list(prefix, new ListOptions(r5, 1, null));
        assertThat(firstPage.hasMore()).isTrue();
        long r6 = store.update(key("a"), bytes("3"), store.get(key("a")).orElseThrow().modRevision());

        store.compact(r6);

        assertThat(store.compactedRevision()).isGreaterThanOrEqualTo(r6);
        assertThatThrownBy(() -> store.list(prefix, ListOptions.atRevision(r4))).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store.list(prefix, ListOptions.nextPage(1, firstPage.continueToken())))
                .isInstanceOf(CompactedException.class);
        assertThat(store.list(prefix, ListOptions.latest()).items()).extracting(KeyValue::key)
                .containsExactly(key("a"), key("c"));
        assertThat(store.list(prefix, ListOptions.atRevision(r6)).items()).hasSize(2);
        assertThat(store.get(key("a")).orElseThrow().value()).isEqualTo(bytes("3"));
    }

    @Test
    void watchStartingBeforeTheCompactedRevisionGetsCompacted() throws Exception {
        long r1 = store.create(key("a"), bytes("1"));
        store.update(key("a"), bytes("2"), r1);
        long r3 = store.update(key("a"), bytes("3"), store.get(key("a")).orElseThrow().modRevision());
        store.compact(r3);

        RecordingListener listener = new RecordingListener();
        try {
            Watch watch = store.watch(prefix, r1, listener);
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.error.get() != null);
            watch.close();
            assertThat(listener.error.get()).isInstanceOf(CompactedException.class);
            assertThat(listener.events).isEmpty();
        } catch (CompactedException expected) {
            assertThat(listener.events).isEmpty();
        }
        // from the compaction on, a watch works
        RecordingListener fresh = new RecordingListener();
        try (Watch watch = store.watch(prefix, r3, fresh)) {
            long r4 = store.update(key("a"), bytes("4"), r3);
            await().atMost(Duration.ofSeconds(10)).until(() -> fresh.revisions().contains(r4));
            assertThat(fresh.error.get()).isNull();
        }
    }

    // --- watch ----------------------------------------------------------------------------------------

    @Test
    void watchDeliversPutsAndDeletesWithPreviousVersions() {
        RecordingListener listener = new RecordingListener();
        try (Watch watch = store.watch(prefix, store.currentRevision(), listener)) {
            long r1 = store.create(key("a"), bytes("1"));
            long r2 = store.update(key("a"), bytes("2"), r1);
            long r3 = store.delete(key("a"), r2);

            await().atMost(Duration.ofSeconds(10)).until(() -> listener.events.size() == 3);
            WatchEvent created = listener.events.get(0);
            WatchEvent updated = listener.events.get(1);
            WatchEvent deleted = listener.events.get(2);
            assertThat(created.type()).isEqualTo(WatchEvent.Type.PUT);
            assertThat(created.value().value()).isEqualTo(bytes("1"));
            assertThat(created.previous()).isNull();
            assertThat(updated.revision()).isEqualTo(r2);
            assertThat(updated.previous().value()).isEqualTo(bytes("1"));
            assertThat(updated.value().createRevision()).isEqualTo(r1);
            assertThat(deleted.type()).isEqualTo(WatchEvent.Type.DELETE);
            assertThat(deleted.revision()).isEqualTo(r3);
            assertThat(deleted.key()).isEqualTo(key("a"));
            assertThat(deleted.previous().value()).isEqualTo(bytes("2"));
        }
    }

    @Test
    void watchFromAPastRevisionReplaysTheChangesAfterIt() {
        long r1 = store.create(key("a"), bytes("1"));
        long r2 = store.create(key("b"), bytes("1"));
        long r3 = store.update(key("a"), bytes("2"), r1);

        RecordingListener listener = new RecordingListener();
        try (Watch watch = store.watch(prefix, r1, listener)) {
            long r4 = store.delete(key("b"), r2);
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.events.size() == 3);
            assertThat(listener.revisions()).containsExactly(r2, r3, r4);
        }
    }

    @Test
    void watchSeesOnlyItsPrefixAndNothingAfterClose() throws Exception {
        RecordingListener listener = new RecordingListener();
        Watch watch = store.watch(key("mine/"), store.currentRevision(), listener);
        store.create(key("other/x"), bytes("x"));
        long mine = store.create(key("mine/x"), bytes("x"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !listener.events.isEmpty());

        watch.close();
        store.create(key("mine/y"), bytes("y"));
        TimeUnit.MILLISECONDS.sleep(300);

        assertThat(listener.revisions()).containsExactly(mine);
    }

    // --- concurrency ----------------------------------------------------------------------------------

    @Test
    void sixteenThreadsDoingCompareAndSwapIncrementsLoseNoUpdate() throws Exception {
        String counter = key("counter");
        store.create(counter, bytes("0"));
        int threads = 16;
        int incrementsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> conflicts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                conflicts.add(pool.submit(() -> incrementTimes(counter, incrementsEach)));
            }
            int totalConflicts = 0;
            for (Future<Integer> f : conflicts) {
                totalConflicts += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(new String(store.get(counter).orElseThrow().value(), UTF_8))
                    .isEqualTo(String.valueOf(threads * incrementsEach));
            // the test only proves something if the threads actually raced
            assertThat(totalConflicts).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    private int incrementTimes(String counter, int times) {
        int conflicts = 0;
        for (int done = 0; done < times; ) {
            KeyValue kv = store.get(counter).orElseThrow();
            int next = Integer.parseInt(new String(kv.value(), UTF_8)) + 1;
            try {
                store.update(counter, bytes(String.valueOf(next)), kv.modRevision());
                done++;
            } catch (RevisionConflictException e) {
                conflicts++;
            }
        }
        return conflicts;
    }

    @Test
    void severalWatchersSeeEveryRevisionInOrderWithNoGapAndNoDuplicate() throws Exception {
        int watchers = 5;
        int writers = 4;
        int writesEach = 150;
        long start = store.currentRevision();
        List<RecordingListener> listeners = new ArrayList<>();
        List<Watch> watches = new ArrayList<>();
        for (int i = 0; i < watchers; i++) {
            RecordingListener listener = new RecordingListener();
            listeners.add(listener);
            watches.add(store.watch(prefix, start, listener));
        }
        List<Long> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        long rev = store.create(key("w" + writer + "/k" + i), bytes("v"));
                        written.add(rev);
                        if (i % 3 == 0) {
                            written.add(store.delete(key("w" + writer + "/k" + i), rev));
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            List<Long> expected = written.stream().sorted().toList();
            for (RecordingListener listener : listeners) {
                await().atMost(Duration.ofSeconds(30)).until(() -> listener.events.size() >= expected.size());
                assertThat(listener.error.get()).isNull();
                assertThat(listener.revisions()).containsExactlyElementsOf(expected);
            }
        } finally {
            pool.shutdownNow();
            watches.forEach(Watch::close);
        }
    }

    // --- snapshot and restore -------------------------------------------------------------------------

    @Test
    void snapshotRestoresIntoAnEmptyStoreWithEveryKey() throws Exception {
        long r1 = store.create(key("a"), bytes("1"));
        store.create(key("b"), bytes("2"));
        store.update(key("a"), bytes("1b"), r1);
        Path file = tempDir.resolve("backup.snap");

        long snapshotRevision = store.snapshot(file);
        store.create(key("after-snapshot"), bytes("x"));

        try (Storage restored = openEmptyStore()) {
            restored.restore(file);
            List<KeyValue> keys = restored.list(prefix, ListOptions.latest()).items();
            assertThat(keys).extracting(KeyValue::key).containsExactly(key("a"), key("b"));
            assertThat(keys.get(0).value()).isEqualTo(bytes("1b"));
            assertThat(restored.currentRevision()).isGreaterThan(0);
            // the restored store takes writes, and restoring again over data is refused
            restored.create(key("c"), bytes("3"));
            assertThatThrownBy(() -> restored.restore(file)).isInstanceOf(InvalidStoreRequestException.class);
        }
        assertThat(snapshotRevision).isLessThan(store.currentRevision());
    }

    @Test
    void damagedSnapshotIsRefusedAndNothingIsWritten() throws Exception {
        store.create(key("a"), bytes("1"));
        Path file = tempDir.resolve("backup.snap");
        store.snapshot(file);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

        try (Storage restored = openEmptyStore()) {
            long before = restored.currentRevision();
            assertThatThrownBy(() -> restored.restore(file)).isInstanceOf(InvalidStoreRequestException.class);
            assertThat(restored.list("/", ListOptions.latest()).items()).isEmpty();
            assertThat(restored.currentRevision()).isEqualTo(before);
        }
    }
}
