package dev.capstan.controllers.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upstream's workqueue metrics, tagged {@code name=<controller>}: {@code workqueue_depth},
 * {@code workqueue_adds_total}, {@code workqueue_queue_duration_seconds}, {@code workqueue_work_duration_seconds},
 * {@code workqueue_retries_total}.
 */
public final class QueueMetrics implements WorkQueue.Metrics {

    private final AtomicInteger depth = new AtomicInteger();
    private final Counter adds;
    private final Counter retries;
    private final Timer queueDuration;
    private final Timer workDuration;

    public QueueMetrics(MeterRegistry registry, String name) {
        registry.gauge("workqueue.depth", java.util.List.of(io.micrometer.core.instrument.Tag.of("name", name)), depth);
        adds = Counter.builder("workqueue.adds").description("Total number of adds handled by workqueue").tag("name", name)
                .register(registry);
        retries = Counter.builder("workqueue.retries").description("Total number of retries handled by workqueue")
                .tag("name", name).register(registry);
        queueDuration = Timer.builder("workqueue.queue.duration").description("How long an item stays in workqueue")
                .tag("name", name).publishPercentileHistogram().register(registry);
        workDuration = Timer.builder("workqueue.work.duration").description("How long processing an item takes")
                .tag("name", name).publishPercentileHistogram().register(registry);
    }

    @Override
    public void added() {
        adds.increment();
    }

    @Override
    public void depth(int value) {
        depth.set(value);
    }

    @Override
    public void queued(Duration waited) {
        queueDuration.record(waited);
    }

    @Override
    public void worked(Duration took) {
        workDuration.record(took);
    }

    @Override
    public void retried() {
        retries.increment();
    }
}
