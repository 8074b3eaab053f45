package dev.capstan.controllers.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's {@code DefaultControllerRateLimiter}: the larger of a per-item exponential backoff (5 ms
 * doubling to 1000 s per failure of that key) and an overall token bucket (10 retries per second, burst
 * 100), so one failing object backs off on its own and many failing objects cannot flood the API.
 */
public final class RateLimiter {

    private final Duration base;
    private final Duration max;
    private final double qps;
    private final int burst;
    private final Map<Object, Integer> failures = new ConcurrentHashMap<>();
    private double tokens;
    private long lastNanos = System.nanoTime();
    private long reservedUntilNanos;

    public RateLimiter(Duration base, Duration max, double qps, int burst) {
        this.base = base;
        this.max = max;
        this.qps = qps;
        this.burst = burst;
        this.tokens = burst;
    }

    public static RateLimiter controllerDefault() {
        return new RateLimiter(Duration.ofMillis(5), Duration.ofSeconds(1000), 10, 100);
    }

    /** How long to wait before retrying {@code item} once more. */
    public Duration when(Object item) {
        int exp = failures.merge(item, 1, Integer::sum) - 1;
        Duration itemDelay = exp >= 30 ? max : base.multipliedBy(1L << Math.min(exp, 30));
        if (itemDelay.compareTo(max) > 0) {
            itemDelay = max;
        }
        Duration bucketDelay = reserve();
        return itemDelay.compareTo(bucketDelay) >= 0 ? itemDelay : bucketDelay;
    }

    /** Failures recorded for the item. */
    public int retries(Object item) {
        return failures.getOrDefault(item, 0);
    }

    /** The item succeeded: its backoff starts over. */
    public void forget(Object item) {
        failures.remove(item);
    }

    /** Token bucket with reservations, as golang.org/x/time/rate's Reserve: returns the wait for one token. */
    private synchronized Duration reserve() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * qps);
        lastNanos = now;
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        long wait = (long) (-tokens / qps * 1e9);
        reservedUntilNanos = Math.max(reservedUntilNanos, now + wait);
        return Duration.ofNanos(wait);
    }
}
