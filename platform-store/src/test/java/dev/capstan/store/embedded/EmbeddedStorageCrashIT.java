package dev.capstan.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged writes survive a crash: a child JVM writes and prints every acknowledged write, is killed with
 * SIGKILL at a random moment, and the reopened store must hold every acknowledged write and open cleanly.
 * Twenty rounds on the same data directory, so each round also recovers what the previous crash left.
 */
class EmbeddedStorageCrashIT {

    private static final int ROUNDS = 20;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Random random = new Random();
        long lastRevision = 0;
        int totalAcknowledged = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            Acknowledged acked = runAndKill(round, 150 + random.nextInt(600));
            totalAcknowledged += acked.keys.size();

            try (EmbeddedStorage store = EmbeddedStorage.open(dataDir)) {
                assertThat(acked.openRevision).as("round %d: the child saw every earlier write", round)
                        .isEqualTo(lastRevision);
                for (Map.Entry<String, Long> ack : acked.keys.entrySet()) {
                    KeyValue kv = store.get(ack.getKey()).orElse(null);
                    assertThat(kv).as("round %d: acknowledged %s", round, ack.getKey()).isNotNull();
                    assertThat(kv.createRevision()).isEqualTo(ack.getValue());
                }
                for (Map.Entry<String, long[]> counter : acked.counters.entrySet()) {
                    KeyValue kv = store.get(counter.getKey()).orElseThrow();
                    long value = Long.parseLong(new String(kv.value(), UTF_8));
                    // the last acknowledged update is there; a later one may have committed before the kill
                    assertThat(value).as("round %d: counter %s", round, counter.getKey())
                            .isGreaterThanOrEqualTo(counter.getValue()[0]);
                    assertThat(kv.modRevision()).isGreaterThanOrEqualTo(counter.getValue()[1]);
                }
                // the store opens cleanly: it reads everything and takes new writes
                assertThat(store.list("/crash/", ListOptions.latest()).items().size())
                        .isGreaterThanOrEqualTo(acked.keys.size());
                long rev = store.create("/crash/after/round" + round, "ok".getBytes(UTF_8));
                assertThat(rev).isGreaterThan(acked.maxRevision());
                lastRevision = store.currentRevision();
            }
        }
        System.out.printf("crash test: %d rounds, %d acknowledged creates checked after SIGKILL%n", ROUNDS,
                totalAcknowledged);
        assertThat(totalAcknowledged).as("the child wrote something before being killed").isGreaterThan(ROUNDS);
    }

    private Acknowledged runAndKill(int round, long killAfterMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dataDir.toString(), Integer.toString(round), "4")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the child died mid-line: the lines read so far are what counts
            }
        });
        reader.start();
        // kill at a random moment after the child has started writing
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                if (lines.stream().anyMatch(l -> l.startsWith("ACK"))) {
                    break;
                }
            }
            Thread.sleep(10);
        }
        Thread.sleep(killAfterMillis);
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor(10, TimeUnit.SECONDS);
        reader.join(10_000);
        return Acknowledged.parse(lines);
    }

    /** What the child printed before it died; a torn last line is ignored. */
    private record Acknowledged(long openRevision, Map<String, Long> keys, Map<String, long[]> counters) {

        static Acknowledged parse(List<String> lines) {
            long open = -1;
            Map<String, Long> keys = new HashMap<>();
            Map<String, long[]> counters = new HashMap<>();
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f[0].equals("OPEN") && f.length == 2) {
                    open = Long.parseLong(f[1]);
                } else if (f[0].equals("ACK") && f.length == 3) {
                    keys.put(f[1], Long.parseLong(f[2]));
                } else if (f[0].equals("CNT") && f.length == 4) {
                    counters.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                }
            }
            return new Acknowledged(open, keys, counters);
        }

        long maxRevision() {
            long max = keys.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return Math.max(max, counters.values().stream().mapToLong(c -> c[1]).max().orElse(0));
        }
    }
}
