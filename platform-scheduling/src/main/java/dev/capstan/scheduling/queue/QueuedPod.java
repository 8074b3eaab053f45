package dev.capstan.scheduling.queue;

import dev.capstan.scheduling.PodInfo;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A pending pod in the scheduling queue with its bookkeeping (upstream's {@code QueuedPodInfo}): when it
 * was first and last queued and how many attempts it has had, which sets its backoff.
 */
public final class QueuedPod {

    private volatile PodInfo podInfo;
    private final long initialAttemptNanos;
    private volatile long timestampNanos;
    private volatile int attempts;
    private volatile long backoffExpiresNanos;

    QueuedPod(Pod pod, long nowNanos) {
        this.podInfo = new PodInfo(pod);
        this.initialAttemptNanos = nowNanos;
        this.timestampNanos = nowNanos;
    }

    public Pod pod() {
        return podInfo.pod();
    }

    public PodInfo podInfo() {
        return podInfo;
    }

    public String key() {
        return podInfo.key();
    }

    /** Scheduling attempts so far (incremented when popped). */
    public int attempts() {
        return attempts;
    }

    /** When the pod was first added to the queue, for the end-to-end latency metric. */
    public long initialAttemptNanos() {
        return initialAttemptNanos;
    }

    long timestampNanos() {
        return timestampNanos;
    }

    void setTimestampNanos(long timestampNanos) {
        this.timestampNanos = timestampNanos;
    }

    void incrementAttempts() {
        attempts++;
    }

    void update(Pod pod) {
        this.podInfo = new PodInfo(pod);
    }

    long backoffExpiresNanos() {
        return backoffExpiresNanos;
    }

    void setBackoffExpiresNanos(long backoffExpiresNanos) {
        this.backoffExpiresNanos = backoffExpiresNanos;
    }
}
