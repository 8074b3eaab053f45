package dev.capstan.api.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An append-only log file rotated as upstream's (lumberjack): when a write would take the file over
 * {@code maxBytes} it is renamed to {@code <name>-<UTC time>.<ext>} (e.g. {@code audit-2024-05-01T10-00-00.000.log})
 * and a new one started; then backups beyond {@code maxBackups} (newest kept) and older than {@code maxAge} are
 * removed. Zero means no limit for each. Used by one thread at a time.
 */
public final class RotatingLogFile implements AutoCloseable {

    private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS");

    private final Path file;
    private final long maxBytes;
    private final int maxBackups;
    private final Duration maxAge;
    private final Clock clock;
    private final String base;
    private final String extension;
    private OutputStream out;
    private long size;

    public RotatingLogFile(Path file, long maxBytes, int maxBackups, Duration maxAge, Clock clock) {
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.maxBackups = maxBackups;
        this.maxAge = maxAge;
        this.clock = clock;
        String name = this.file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.base = dot <= 0 ? name : name.substring(0, dot);
        this.extension = dot <= 0 ? "" : name.substring(dot);
    }

    public void write(byte[] line) throws IOException {
        if (out == null) {
            open();
        }
        if (maxBytes > 0 && size > 0 && size + line.length > maxBytes) {
            rotate();
        }
        out.write(line);
        size += line.length;
    }

    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    private void open() throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        Instant now = clock.instant();
        Path backup = backupName(now);
        while (Files.exists(backup)) { // two rotations in one millisecond
            now = now.plusMillis(1);
            backup = backupName(now);
        }
        Files.move(file, backup);
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = 0;
        removeOldBackups();
    }

    private Path backupName(Instant time) {
        return file.resolveSibling(base + "-" + BACKUP_TIME.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC)) + extension);
    }

    /** The rotated files, newest first. */
    public List<Path> backups() throws IOException {
        record Backup(Path path, Instant time) {
        }
        List<Backup> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(file.getParent(), base + "-*" + extension)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String stamp = name.substring(base.length() + 1, name.length() - extension.length());
                try {
                    found.add(new Backup(entry, LocalDateTime.parse(stamp, BACKUP_TIME).toInstant(ZoneOffset.UTC)));
                } catch (DateTimeParseException e) {
                    // another file that happens to share the name's start
                }
            }
        }
        found.sort(Comparator.comparing(Backup::time).reversed());
        return found.stream().map(Backup::path).toList();
    }

    private void removeOldBackups() throws IOException {
        List<Path> backups = backups();
        Instant cutoff = maxAge.isZero() ? null : clock.instant().minus(maxAge);
        for (int i = 0; i < backups.size(); i++) {
            Path backup = backups.get(i);
            boolean tooMany = maxBackups > 0 && i >= maxBackups;
            boolean tooOld = cutoff != null && timeOf(backup).isBefore(cutoff);
            if (tooMany || tooOld) {
                Files.deleteIfExists(backup);
            }
        }
    }

    private Instant timeOf(Path backup) {
        String name = backup.getFileName().toString();
        String stamp = name.substring(base.length() + 1, name.length() - extension.length());
        return LocalDateTime.parse(stamp, BACKUP_TIME).toInstant(ZoneOffset.UTC);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
