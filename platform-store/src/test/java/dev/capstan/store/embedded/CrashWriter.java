package dev.capstan.store.embedded;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link EmbeddedStorageCrashIT}: opens the store and writes from several threads until
 * it is killed, printing a line for every write the store acknowledged ({@code ACK <key> <revision>}) and for
 * every counter update ({@code CNT <key> <value> <revision>}).
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String round = args[1];
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        EmbeddedStorage store = EmbeddedStorage.open(dataDir);
        out.println("OPEN " + store.currentRevision());
        out.flush();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread writer = new Thread(() -> write(store, out, round, thread));
            writer.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void write(EmbeddedStorage store, PrintStream out, String round, int thread) {
        String counter = "/crash/counters/r" + round + "-t" + thread;
        long counterRevision = store.create(counter, "0".getBytes(StandardCharsets.UTF_8));
        for (long i = 1; ; i++) {
            String key = "/crash/keys/r" + round + "-t" + thread + "-" + i;
            long rev = store.create(key, ("value-" + i).getBytes(StandardCharsets.UTF_8));
            synchronized (out) {
                out.println("ACK " + key + " " + rev);
                out.flush();
            }
            counterRevision = store.update(counter, Long.toString(i).getBytes(StandardCharsets.UTF_8), counterRevision);
            synchronized (out) {
                out.println("CNT " + counter + " " + i + " " + counterRevision);
                out.flush();
            }
        }
    }
}
