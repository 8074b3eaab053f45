package dev.capstan.scheduling.core;

import dev.capstan.scheduling.queue.SchedulingQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The scheduler's metrics with upstream's names (Prometheus renders them as
 * {@code scheduler_schedule_attempts_total{result,profile}}, {@code scheduler_scheduling_attempt_duration_seconds},
 * {@code scheduler_pending_pods{queue}}, {@code scheduler_preemption_attempts_total}).
 */
public final class SchedulerMetrics {

    /** The {@code result} tag values upstream uses. */
    public enum Result {
        SCHEDULED("scheduled"), UNSCHEDULABLE("unschedulable"), ERROR("error");

        private final String tag;

        Result(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final Counter preemptionAttempts;

    public SchedulerMetrics(MeterRegistry registry, SchedulingQueue queue) {
        this.registry = registry;
        this.preemptionAttempts = Counter.builder("scheduler.preemption.attempts")
                .description("Total preemption attempts in the cluster till now").register(registry);
        for (SchedulingQueue.Where where : SchedulingQueue.Where.values()) {
            Gauge.builder("scheduler.pending.pods", queue, q -> q.pendingCounts().get(where))
                    .description("Number of pending pods, by the queue type.")
                    .tag("queue", where.name().toLowerCase())
                    .register(registry);
        }
    }

    /** One scheduling attempt ended with {@code result} after {@code duration}. */
    public void attempt(Result result, String profile, Duration duration) {
        Counter.builder("scheduler.schedule.attempts")
                .description("Number of attempts to schedule pods, by the result.")
                .tags("result", result.tag, "profile", profile)
                .register(registry).increment();
        Timer.builder("scheduler.scheduling.attempt.duration")
                .description("Scheduling attempt latency in seconds (scheduling algorithm + binding)")
                .tags("result", result.tag, "profile", profile)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(duration);
    }

    public void preemptionAttempt() {
        preemptionAttempts.increment();
    }
}
