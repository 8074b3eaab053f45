package dev.capstan.node.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CRI log file forward from where it last stopped, turning file lines into the container's own lines:
 * partial ({@code P}) pieces are joined with what follows them. A line the runtime has not finished writing
 * (no newline yet) waits for the next read. Not thread-safe: one reader per log stream.
 */
final class CriLogFile implements AutoCloseable {

    /** A container's line as the user sees it: the time of its first piece and its text with a newline. */
    record Line(Instant time, byte[] text) {
    }

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream fileLine = new ByteArrayOutputStream();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private Instant pendingTime;

    CriLogFile(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    /** The complete lines written since the last call; empty when nothing new has been written. */
    List<Line> readAvailable() throws IOException {
        List<Line> lines = new ArrayList<>();
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n <= 0) {
                return lines;
            }
            byte[] bytes = buffer.array();
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    byte[] raw = fileLine.toByteArray();
                    fileLine.reset();
                    add(CriLogLine.parse(raw, raw.length), lines);
                } else {
                    fileLine.write(bytes[i]);
                }
            }
        }
    }

    private void add(CriLogLine line, List<Line> lines) {
        if (line == null) {
            return;
        }
        if (pendingTime == null) {
            pendingTime = line.time();
        }
        pending.writeBytes(line.text());
        if (!line.partial()) {
            pending.write('\n');
            lines.add(new Line(pendingTime, pending.toByteArray()));
            pending.reset();
            pendingTime = null;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
