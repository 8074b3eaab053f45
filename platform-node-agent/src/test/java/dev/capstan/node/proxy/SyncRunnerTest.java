package dev.capstan.node.proxy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SyncRunnerTest {

    @Test
    void requestsArrivingDuringARunAreFoldedIntoOneMoreRun() {
        AtomicInteger runs = new AtomicInteger();
        Semaphore gate = new Semaphore(0);
        SyncRunner runner = new SyncRunner("test-sync", () -> {
            runs.incrementAndGet();
            gate.acquireUninterruptibly();
        }, Duration.ZERO, Duration.ofHours(1));

        runner.request();
        await().until(() -> runs.get() == 1);
        for (int i = 0; i < 50; i++) {
            runner.request();
        }
        gate.release(100);
        runner.close(); // lets the requested run finish

        assertThat(runs).hasValue(2);
    }

    @Test
    void aFailedRunDoesNotStopLaterRuns() {
        AtomicInteger runs = new AtomicInteger();
        SyncRunner runner = new SyncRunner("test-sync", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IptablesException("iptables-restore: line 3 failed", null);
            }
        }, Duration.ZERO, Duration.ofHours(1));

        runner.request();
        await().until(() -> runs.get() == 1);
        runner.request();
        runner.close();

        assertThat(runs).hasValue(2);
    }
}
