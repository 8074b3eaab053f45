package dev.capstan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

class ContainerLogStreamTest {

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("0.log"), content);
    }

    private static String read(Path file, LogOptions options, AtomicBoolean running) {
        Flux<byte[]> bytes = new ContainerLogStream(file, options, running::get).read();
        return String.join("", bytes.map(b -> new String(b, StandardCharsets.UTF_8)).collectList()
                .block(Duration.ofSeconds(30)));
    }

    private static LogOptions options(boolean follow, boolean timestamps, Long tail, Long limit, Instant since) {
        return new LogOptions(follow, false, timestamps, tail, limit, since);
    }

    private static final String LOG = """
            2026-01-01T10:00:00.000000001Z stdout F one
            2026-01-01T10:00:01.5Z stderr P tw
            2026-01-01T10:00:01.6Z stderr F o
            2026-01-01T10:00:02Z stdout F three
            2026-01-01T10:00:03Z stdout F\s
            """;

    @Test
    void partialLinesAreJoinedWithTheLineThatEndsThem() throws IOException {
        assertThat(read(file(LOG), options(false, false, null, null, null), new AtomicBoolean()))
                .isEqualTo("one\ntwo\nthree\n\n");
    }

    @Test
    void tailLinesCountsTheContainersLinesNotTheFilesPieces() throws IOException {
        assertThat(read(file(LOG), options(false, false, 3L, null, null), new AtomicBoolean()))
                .isEqualTo("two\nthree\n\n");
    }

    @Test
    void timestampsAreTheFirstPiecesTimeWithNineFractionDigits() throws IOException {
        assertThat(read(file(LOG), options(false, true, 3L, null, null), new AtomicBoolean())).isEqualTo("""
                2026-01-01T10:00:01.500000000Z two
                2026-01-01T10:00:02.000000000Z three
                2026-01-01T10:00:03.000000000Z\s
                """);
    }

    @Test
    void sinceDropsOlderLines() throws IOException {
        assertThat(read(file(LOG), options(false, false, null, null, Instant.parse("2026-01-01T10:00:02Z")),
                new AtomicBoolean())).isEqualTo("three\n\n");
    }

    @Test
    void limitBytesCutsInsideALine() throws IOException {
        assertThat(read(file(LOG), options(false, false, null, 6L, null), new AtomicBoolean())).isEqualTo("one\ntw");
    }

    @Test
    void followReadsLinesWrittenLaterAndEndsWhenTheContainerHasStopped() throws Exception {
        Path file = file("2026-01-01T10:00:00Z stdout F before\n");
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(500);
                // a piece, then a file line the runtime has not finished writing, then its end
                Files.writeString(file, "2026-01-01T10:00:01Z stdout P aft\n2026-01-01T10:00:01Z std",
                        StandardOpenOption.APPEND);
                Thread.sleep(300);
                Files.writeString(file, "out F er\n", StandardOpenOption.APPEND);
                running.set(false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        assertThat(read(file, options(true, false, null, null, null), running)).isEqualTo("before\nafter\n");
        writer.join();
    }
}
