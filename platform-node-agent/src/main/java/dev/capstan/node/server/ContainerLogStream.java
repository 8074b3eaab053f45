package dev.capstan.node.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * A container's log as upstream's kubelet serves it: the lines of its CRI log file filtered by since, cut to
 * the last tailLines, prefixed with timestamps on request, capped at limitBytes and, with follow, continued as
 * the file grows until the container has exited and everything it wrote has been sent.
 */
final class ContainerLogStream {

    /** How often a followed file is polled for new lines (upstream waits on inotify; polling is enough here). */
    private static final Duration POLL = Duration.ofMillis(200);

    private final Path file;
    private final LogOptions options;
    private final BooleanSupplier running;

    /**
     * @param running whether the container may still write; asked only while following, when the file has no
     *                new lines
     */
    ContainerLogStream(Path file, LogOptions options, BooleanSupplier running) {
        this.file = file;
        this.options = options;
        this.running = running;
    }

    /** The log's bytes, read on a blocking-capable thread; cancelling stops a follow. */
    Flux<byte[]> read() {
        return Flux.<byte[]>create(this::pump, FluxSink.OverflowStrategy.BUFFER)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private void pump(FluxSink<byte[]> sink) {
        try (CriLogFile log = new CriLogFile(file)) {
            long[] budget = {options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes()};
            List<CriLogFile.Line> first = log.readAvailable();
            if (!emit(sink, tail(first), budget) || !options.follow()) {
                sink.complete();
                return;
            }
            while (!sink.isCancelled()) {
                List<CriLogFile.Line> more = log.readAvailable();
                if (!emit(sink, more, budget)) {
                    break;
                }
                if (more.isEmpty()) {
                    if (!running.getAsBoolean()) {
                        // the container has stopped writing: whatever reached the file before now is the end
                        emit(sink, log.readAvailable(), budget);
                        break;
                    }
                    Thread.sleep(POLL.toMillis());
                }
            }
            sink.complete();
        } catch (IOException e) {
            sink.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.complete();
        }
    }

    private List<CriLogFile.Line> tail(List<CriLogFile.Line> lines) {
        Deque<CriLogFile.Line> kept = new ArrayDeque<>();
        for (CriLogFile.Line line : lines) {
            if (options.since() != null && line.time().isBefore(options.since())) {
                continue;
            }
            kept.addLast(line);
            if (options.tailLines() != null && kept.size() > options.tailLines()) {
                kept.removeFirst();
            }
        }
        return List.copyOf(kept);
    }

    /** Sends the lines within the byte budget; false once the budget is spent (the stream then ends). */
    private boolean emit(FluxSink<byte[]> sink, List<CriLogFile.Line> lines, long[] budget) {
        for (CriLogFile.Line line : lines) {
            if (options.since() != null && line.time().isBefore(options.since())) {
                continue;
            }
            byte[] out = options.timestamps() ? prefixed(line) : line.text();
            if (out.length >= budget[0]) {
                sink.next(java.util.Arrays.copyOf(out, (int) budget[0]));
                budget[0] = 0;
                return false;
            }
            budget[0] -= out.length;
            sink.next(out);
        }
        return true;
    }

    private static byte[] prefixed(CriLogFile.Line line) {
        byte[] prefix = (CriLogLine.formatTimestamp(line.time()) + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + line.text().length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(line.text(), 0, out, prefix.length, line.text().length);
        return out;
    }
}
