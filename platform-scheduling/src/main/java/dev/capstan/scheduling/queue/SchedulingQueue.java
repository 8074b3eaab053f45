package dev.capstan.scheduling.queue;

import dev.capstan.scheduling.PodInfo;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Upstream's scheduling queue ({@code PriorityQueue} in {@code internal/queue}): an active queue ordered by
 * priority then time, a backoff queue holding pods that failed until their per-pod exponential backoff
 * ends, and an unschedulable set that waits for a cluster event which might make them fit (a node added or
 * changed, a pod deleted) or for {@code podMaxInUnschedulablePods}. {@link #pop} blocks the scheduling
 * thread until a pod is active. Pods whose attempt overlapped a cluster event go to backoff instead of the
 * unschedulable set, so the event is not missed.
 */
public final class SchedulingQueue {

    /** Where a pod is; exposed as the {@code queue} tag of {@code scheduler_pending_pods}. */
    public enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final PriorityQueue<QueuedPod> active = new PriorityQueue<>(
            Comparator.comparingInt((QueuedPod p) -> -p.podInfo().priority()).thenComparingLong(QueuedPod::timestampNanos));
    private final PriorityQueue<QueuedPod> backoff = new PriorityQueue<>(Comparator.comparingLong(QueuedPod::backoffExpiresNanos));
    private final Map<String, QueuedPod> unschedulable = new LinkedHashMap<>();
    private final Map<String, Where> where = new HashMap<>();
    private final Map<String, QueuedPod> inFlight = new HashMap<>();
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final long maxInUnschedulableNanos;
    private final LongSupplier clock;
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private boolean closed;

    public SchedulingQueue(Duration initialBackoff, Duration maxBackoff, Duration maxInUnschedulable, LongSupplier nanoClock) {
        this.initialBackoffNanos = initialBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.maxInUnschedulableNanos = maxInUnschedulable.toNanos();
        this.clock = nanoClock;
    }

    /** A new pending pod (or an update of a queued one). */
    public void add(Pod pod) {
        lock.lock();
        try {
            String key = PodInfo.keyOf(pod);
            if (where.containsKey(key) || inFlight.containsKey(key)) {
                updateLocked(key, pod);
                return;
            }
            QueuedPod queued = new QueuedPod(pod, clock.getAsLong());
            active.add(queued);
            where.put(key, Where.ACTIVE);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** A queued pod changed: an unschedulable pod becomes active again, since its change might make it fit. */
    public void update(Pod pod) {
        add(pod);
    }

    private void updateLocked(String key, Pod pod) {
        QueuedPod flying = inFlight.get(key);
        if (flying != null) {
            flying.update(pod);
            return;
        }
        Where place = where.get(key);
        if (place == Where.UNSCHEDULABLE) {
            QueuedPod queued = unschedulable.remove(key);
            queued.update(pod);
            moveLocked(queued);
        } else if (place == Where.ACTIVE) {
            QueuedPod queued = find(active, key);
            active.remove(queued);
            queued.update(pod);
            active.add(queued);
        } else if (place == Where.BACKOFF) {
            QueuedPod queued = find(backoff, key);
            queued.update(pod);
        }
    }

    /** The pod was deleted or bound by someone else: it no longer waits. */
    public void delete(Pod pod) {
        lock.lock();
        try {
            String key = PodInfo.keyOf(pod);
            inFlight.remove(key);
            Where place = where.remove(key);
            if (place == Where.ACTIVE) {
                active.remove(find(active, key));
            } else if (place == Where.BACKOFF) {
                backoff.remove(find(backoff, key));
            } else if (place == Where.UNSCHEDULABLE) {
                unschedulable.remove(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the highest-priority active pod, blocking up to {@code timeout}; null on timeout or when closed. */
    public QueuedPod pop(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeout.toNanos();
            while (active.isEmpty()) {
                if (closed || remaining <= 0) {
                    return null;
                }
                remaining = notEmpty.awaitNanos(remaining);
            }
            QueuedPod queued = active.poll();
            where.remove(queued.key());
            queued.incrementAttempts();
            schedulingCycle++;
            inFlight.put(queued.key(), queued);
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** The number of the cycle the last popped pod started. */
    public long schedulingCycle() {
        lock.lock();
        try {
            return schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /** The pod was scheduled (assumed) or deleted: it leaves the queue. */
    public void done(QueuedPod queued) {
        lock.lock();
        try {
            inFlight.remove(queued.key());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The attempt that started in {@code podCycle} found no node: park the pod as unschedulable, or in
     * backoff if a cluster event arrived meanwhile; {@code error} attempts always back off.
     */
    public void requeue(QueuedPod queued, long podCycle, boolean error) {
        lock.lock();
        try {
            if (inFlight.remove(queued.key()) == null) {
                return; // deleted while being scheduled
            }
            queued.setTimestampNanos(clock.getAsLong());
            queued.setBackoffExpiresNanos(clock.getAsLong() + backoffNanos(queued.attempts()));
            if (error || moveRequestCycle >= podCycle) {
                backoff.add(queued);
                where.put(queued.key(), Where.BACKOFF);
            } else {
                unschedulable.put(queued.key(), queued);
                where.put(queued.key(), Where.UNSCHEDULABLE);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A pod whose binding failed after it left the queue: it backs off and is retried, unless it was queued
     * again meanwhile.
     */
    public void backoffAfterBindingFailure(QueuedPod queued) {
        lock.lock();
        try {
            if (where.containsKey(queued.key()) || inFlight.containsKey(queued.key())) {
                return;
            }
            queued.setTimestampNanos(clock.getAsLong());
            queued.setBackoffExpiresNanos(clock.getAsLong() + backoffNanos(queued.attempts()));
            backoff.add(queued);
            where.put(queued.key(), Where.BACKOFF);
        } finally {
            lock.unlock();
        }
    }

    /** A cluster event that may make unschedulable pods fit: move them all to active (or backoff). */
    public void moveAllToActiveOrBackoff() {
        lock.lock();
        try {
            for (QueuedPod queued : unschedulable.values()) {
                moveLocked(queued);
            }
            unschedulable.clear();
            moveRequestCycle = schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /** Moves pods whose backoff ended to active, and pods unschedulable for too long; run periodically. */
    public void flush() {
        lock.lock();
        try {
            long now = clock.getAsLong();
            while (!backoff.isEmpty() && backoff.peek().backoffExpiresNanos() <= now) {
                QueuedPod queued = backoff.poll();
                active.add(queued);
                where.put(queued.key(), Where.ACTIVE);
                notEmpty.signal();
            }
            Iterator<QueuedPod> stale = unschedulable.values().iterator();
            while (stale.hasNext()) {
                QueuedPod queued = stale.next();
                if (now - queued.timestampNanos() >= maxInUnschedulableNanos) {
                    stale.remove();
                    moveLocked(queued);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes {@link #pop} callers; the queue then returns null forever. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Pods waiting in each part of the queue. */
    public Map<Where, Integer> pendingCounts() {
        lock.lock();
        try {
            return Map.of(Where.ACTIVE, active.size(), Where.BACKOFF, backoff.size(), Where.UNSCHEDULABLE, unschedulable.size());
        } finally {
            lock.unlock();
        }
    }

    /** Upstream's calculateBackoffDuration: initial doubled per earlier attempt, capped at max. */
    long backoffNanos(int attempts) {
        long duration = initialBackoffNanos;
        for (int i = 1; i < attempts; i++) {
            duration *= 2;
            if (duration >= maxBackoffNanos) {
                return maxBackoffNanos;
            }
        }
        return Math.min(duration, maxBackoffNanos);
    }

    private void moveLocked(QueuedPod queued) {
        if (queued.backoffExpiresNanos() > clock.getAsLong()) {
            backoff.add(queued);
            where.put(queued.key(), Where.BACKOFF);
        } else {
            active.add(queued);
            where.put(queued.key(), Where.ACTIVE);
            notEmpty.signal();
        }
    }

    private static QueuedPod find(Iterable<QueuedPod> pods, String key) {
        for (QueuedPod queued : pods) {
            if (queued.key().equals(key)) {
                return queued;
            }
        }
        throw new IllegalStateException("queue index out of sync for " + key);
    }

}
