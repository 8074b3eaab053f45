package dev.capstan.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogFileTest {

    @TempDir
    Path dir;

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    final Clock clock = new Clock() {
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now.get();
        }
    };

    static byte[] line(char c) {
        return (String.valueOf(c).repeat(9) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rotatesBeforeAWriteWouldPassTheLimitAndKeepsTheNewestBackups() throws Exception {
        Path log = dir.resolve("audit.log");
        try (RotatingLogFile file = new RotatingLogFile(log, 25, 2, Duration.ZERO, clock)) {
            for (char c = 'a'; c <= 'h'; c++) {
                file.write(line(c));
                now.set(now.get().plusSeconds(1));
            }
            file.flush();
            assertThat(Files.readString(log)).isEqualTo("ggggggggg\nhhhhhhhhh\n");
            assertThat(file.backups()).hasSize(2);
            assertThat(file.backups().get(0).getFileName().toString()).isEqualTo("audit-2026-01-01T10-00-06.000.log");
            assertThat(Files.readString(file.backups().get(0))).isEqualTo("eeeeeeeee\nfffffffff\n");
            assertThat(Files.readString(file.backups().get(1))).isEqualTo("ccccccccc\nddddddddd\n");
        }
    }

    @Test
    void removesBackupsOlderThanTheMaximumAge() throws Exception {
        Path log = dir.resolve("audit.log");
        try (RotatingLogFile file = new RotatingLogFile(log, 15, 0, Duration.ofDays(1), clock)) {
            file.write(line('a'));
            file.write(line('b')); // rotation 1 at day 0
            now.set(now.get().plus(Duration.ofHours(30)));
            file.write(line('c')); // rotation 2 at day 1.25: the first backup is now older than a day
            file.flush();
            assertThat(file.backups()).hasSize(1);
            assertThat(Files.readString(file.backups().get(0))).isEqualTo("bbbbbbbbb\n");
            assertThat(Files.readString(log)).isEqualTo("ccccccccc\n");
        }
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, "xxxxxxxxxxxxxxxxxxx\n");
        try (RotatingLogFile file = new RotatingLogFile(log, 25, 0, Duration.ZERO, clock)) {
            file.write(line('a'));
            file.flush();
            assertThat(Files.readString(log)).isEqualTo("aaaaaaaaa\n");
            assertThat(Files.readString(file.backups().get(0))).isEqualTo("xxxxxxxxxxxxxxxxxxx\n");
        }
    }
}
