package dev.capstan.api.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events, one JSON line each, from a single background thread: requests only put a line in a
 * bounded queue and never wait for the disk. When the queue is full the event is dropped and counted in
 * {@code apiserver_audit_error_total{plugin="log"}}, as upstream's batching backend counts what it drops;
 * every event handed over counts in {@code apiserver_audit_event_total}.
 */
public final class AuditLogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLogWriter.class);
    private static final byte[] STOP = new byte[0];

    /** Where lines go: a rotating file, or standard output for upstream's {@code --audit-log-path=-}. */
    public interface Sink extends AutoCloseable {
        void write(byte[] line) throws IOException;

        void flush() throws IOException;

        @Override
        void close() throws IOException;

        static Sink of(RotatingLogFile file) {
            return new Sink() {
                public void write(byte[] line) throws IOException {
                    file.write(line);
                }

                public void flush() throws IOException {
                    file.flush();
                }

                public void close() throws IOException {
                    file.close();
                }
            };
        }

        static Sink of(OutputStream stream) {
            return new Sink() {
                public void write(byte[] line) throws IOException {
                    stream.write(line);
                }

                public void flush() throws IOException {
                    stream.flush();
                }

                public void close() throws IOException {
                    stream.flush();
                }
            };
        }
    }

    private final BlockingQueue<byte[]> queue;
    private final Sink sink;
    private final Counter events;
    private final Counter errors;
    private final Thread thread;
    private volatile boolean closed;

    public AuditLogWriter(Sink sink, int capacity, MeterRegistry meters) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sink = sink;
        this.events = Counter.builder("apiserver.audit.event")
                .description("Counter of audit events generated and sent to the audit backend.").register(meters);
        this.errors = Counter.builder("apiserver.audit.error").tag("plugin", "log")
                .description("Counter of audit events that failed to be audited properly. Plugin identifies the plugin affected by the error.")
                .register(meters);
        this.thread = new Thread(this::run, "audit-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one line (a newline is added); never blocks. */
    public void submit(byte[] json) {
        events.increment();
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        if (closed || !queue.offer(line)) {
            errors.increment();
        }
    }

    private void run() {
        List<byte[]> batch = new ArrayList<>();
        try {
            while (true) {
                byte[] first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                boolean stop = false;
                for (byte[] line : batch) {
                    if (line == STOP) {
                        stop = true;
                        continue;
                    }
                    try {
                        sink.write(line);
                    } catch (IOException e) {
                        errors.increment();
                        LOG.warn("cannot write the audit log: {}", e.getMessage());
                    }
                }
                batch.clear();
                try {
                    sink.flush();
                } catch (IOException e) {
                    LOG.warn("cannot flush the audit log: {}", e.getMessage());
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            queue.put(STOP);
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sink.close();
        } catch (IOException e) {
            LOG.warn("cannot close the audit log: {}", e.getMessage());
        }
    }
}
