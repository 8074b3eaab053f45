package dev.capstan.store.bench;

import dev.capstan.testkit.etcd.EtcdProcess;
import dev.capstan.store.Storage;
import dev.capstan.store.embedded.EmbeddedStorage;
import dev.capstan.store.etcd.EtcdStorage;
import dev.capstan.store.etcd.EtcdStorageOptions;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The store benchmark: 1 KiB values, 1 and 16 concurrent writers, for the embedded store (SQLite), the
 * RocksDB candidate, the etcd-backed store and etcd driven directly by jetcd (the baseline), all on this
 * machine's disk with fsync on; then watch fan-out (1 writer, 100 watchers). Prints a Markdown table.
 *
 * <p>Run with {@code scripts/bench-store.sh}. Not a test: it asserts nothing, it measures.
 */
public final class StoreBenchmark {

    private static final int VALUE_BYTES = 1024;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int singleWrites = Integer.getInteger("bench.singleWrites", 2_000);
        int concurrentWritesEach = Integer.getInteger("bench.concurrentWritesEach", 1_000);
        int fanOutWatchers = Integer.getInteger("bench.watchers", 100);
        int fanOutWrites = Integer.getInteger("bench.fanOutWrites", 2_000);
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench")));
        byte[] value = new byte[VALUE_BYTES];
        new Random(42).nextBytes(value);

        List<WriteLoad.Result> writes = new ArrayList<>();
        List<WatchFanOut.Result> fanOut = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);

        try (EmbeddedStorage store = EmbeddedStorage.open(fresh(work, "sqlite"))) {
            writes.add(WriteLoad.run("EmbeddedStorage (SQLite, WAL, fsync, group commit)", 1, singleWrites,
                    (w, i) -> store.create("/registry/pods/one/p" + i, value)));
            writes.add(WriteLoad.run("EmbeddedStorage (SQLite, WAL, fsync, group commit)", 16, concurrentWritesEach,
                    (w, i) -> store.create("/registry/pods/w" + w + "/p" + i, value)));
            fanOut.add(WatchFanOut.run("EmbeddedStorage", store, "/registry/fanout/", fanOutWatchers, fanOutWrites,
                    value));
        }
        try (RocksDbCandidate rocks = new RocksDbCandidate(fresh(work, "rocksdb"))) {
            writes.add(WriteLoad.run("RocksDB candidate (synced WriteBatch, engine only)", 1, singleWrites,
                    (w, i) -> rocks.create("/registry/pods/one/p" + i, value)));
            writes.add(WriteLoad.run("RocksDB candidate (synced WriteBatch, engine only)", 16, concurrentWritesEach,
                    (w, i) -> rocks.create("/registry/pods/w" + w + "/p" + i, value)));
        }
        try (EtcdProcess etcd = EtcdProcess.start(fresh(work, "etcd"))) {
            try (Storage store = EtcdStorage.open(EtcdStorageOptions.of(etcd.clientUrl()))) {
                writes.add(WriteLoad.run("EtcdStorage (jetcd + Resilience4j, local etcd)", 1, singleWrites,
                        (w, i) -> store.create("/registry/pods/one-" + run + "/p" + i, value)));
                writes.add(WriteLoad.run("EtcdStorage (jetcd + Resilience4j, local etcd)", 16, concurrentWritesEach,
                        (w, i) -> store.create("/registry/pods/w" + w + "-" + run + "/p" + i, value)));
                fanOut.add(WatchFanOut.run("EtcdStorage", store, "/registry/fanout-" + run + "/", fanOutWatchers,
                        fanOutWrites, value));
            }
            try (Client client = Client.builder().endpoints(etcd.clientUrl()).build()) {
                ByteSequence bytes = ByteSequence.from(value);
                writes.add(WriteLoad.run("etcd via jetcd directly (baseline, plain put)", 1, singleWrites,
                        (w, i) -> client.getKVClient().put(key("/direct/one-" + run + "/p" + i), bytes).get()));
                writes.add(WriteLoad.run("etcd via jetcd directly (baseline, plain put)", 16, concurrentWritesEach,
                        (w, i) -> client.getKVClient().put(key("/direct/w" + w + "-" + run + "/p" + i), bytes).get()));
            }
        }
        print(writes, fanOut);
    }

    private static ByteSequence key(String key) {
        return ByteSequence.from(key, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Path fresh(Path work, String name) throws java.io.IOException {
        Path dir = work.resolve(name);
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }

    private static void print(List<WriteLoad.Result> writes, List<WatchFanOut.Result> fanOut) {
        System.out.println();
        System.out.println("| store | writers | writes | writes/s | p50 ms | p99 ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (WriteLoad.Result r : writes) {
            System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f |", r.subject(),
                    r.writers(), r.writes(), r.writesPerSecond(), r.p50Millis(), r.p99Millis()));
        }
        System.out.println();
        System.out.println("| store | watchers | writes (1 writer) | events delivered | delivered/s | writes/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (WatchFanOut.Result r : fanOut) {
            System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.0f |", r.subject(),
                    r.watchers(), r.writes(), r.delivered(), r.deliveredPerSecond(), r.writesPerSecond()));
        }
    }
}
