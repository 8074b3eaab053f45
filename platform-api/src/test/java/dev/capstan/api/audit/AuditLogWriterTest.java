package dev.capstan.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AuditLogWriterTest {

    @Test
    void dropsAndCountsWhatAFullQueueCannotTake() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AuditLogWriter.Sink slowDisk = new AuditLogWriter.Sink() {
            public void write(byte[] line) throws java.io.IOException {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.write(line);
            }

            public void flush() {
            }

            public void close() {
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditLogWriter writer = new AuditLogWriter(slowDisk, 2, meters);
        writer.submit("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        writing.await(); // the writer holds event 1; the queue is empty
        writer.submit("{\"n\":2}".getBytes(StandardCharsets.UTF_8));
        writer.submit("{\"n\":3}".getBytes(StandardCharsets.UTF_8));
        writer.submit("{\"n\":4}".getBytes(StandardCharsets.UTF_8)); // the queue holds 2: dropped
        release.countDown();
        writer.close();

        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
        assertThat(meters.counter("apiserver.audit.event").count()).isEqualTo(4);
        assertThat(meters.counter("apiserver.audit.error", "plugin", "log").count()).isEqualTo(1);
    }
}
