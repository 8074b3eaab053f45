package dev.capstan.store.etcd;

import dev.capstan.store.StoreException;
import dev.capstan.store.StoreUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one etcd request the way every {@link EtcdStorage} method needs it: blocking, with a timeout, through a
 * circuit breaker, and (reads only) with a retry, turning every failure into a {@link StoreException}.
 *
 * <p>The breaker counts only unavailability ({@link StoreUnavailableException}); etcd saying "no" (a compacted
 * revision, a failed compare) is an answer and counts as a success. Once open, calls fail at once, so a caller
 * looping on a dead etcd does not pile up blocked threads; after {@code breakerOpenDuration} a few trial calls go
 * through and close it again if etcd is back.
 *
 * <p>Only reads are retried. A write that timed out may still have been committed by etcd, so repeating a
 * compare-and-swap could fail with a conflict against its own first attempt, or a create with "exists"; the
 * caller, who knows what it wanted, decides instead. Timed-out reads are not retried either: the timeout already
 * spent the caller's patience, and retrying would multiply the time to fail.
 */
final class EtcdCalls {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdCalls.class);

    private final CircuitBreaker breaker;
    private final Retry readRetry;
    private final Duration requestTimeout;

    /**
     * @param onTrial run when the open breaker starts letting trial calls through (etcd was unavailable for a
     *        while), before the first trial
     */
    EtcdCalls(String name, EtcdStorageOptions options, Runnable onTrial) {
        this.requestTimeout = options.requestTimeout();
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(options.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(error -> error instanceof StoreUnavailableException)
                .build());
        this.readRetry = Retry.of(name + "-reads", RetryConfig.custom()
                .maxAttempts(options.readAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2.0,
                        Duration.ofSeconds(1)))
                .retryOnException(EtcdCalls::worthRetrying)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            switch (event.getStateTransition()) {
                case CLOSED_TO_OPEN -> LOG.warn("etcd unavailable: failing calls at once for {} ms",
                        options.breakerOpenDuration().toMillis());
                case OPEN_TO_HALF_OPEN -> onTrial.run();
                case HALF_OPEN_TO_CLOSED -> LOG.info("etcd available again");
                default -> { }
            }
        });
    }

    /** The breaker, for metrics and tests. */
    CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * A read: retried while etcd is unavailable, up to {@code readAttempts}.
     *
     * @param answers maps a failure that is etcd's answer (not unavailability) to a specific exception, or
     *        returns null to get a generic {@link StoreException}
     */
    <T> T read(String operation, Supplier<CompletableFuture<T>> call,
            Function<Throwable, StoreException> answers) {
        return Retry.decorateSupplier(readRetry, () -> once(operation, call, requestTimeout, answers)).get();
    }

    /** A read with no specific answers to map. */
    <T> T read(String operation, Supplier<CompletableFuture<T>> call) {
        return read(operation, call, null);
    }

    /** A write, or anything else not safe to repeat blindly: tried exactly once. */
    <T> T write(String operation, Duration timeout, Supplier<CompletableFuture<T>> call,
            Function<Throwable, StoreException> answers) {
        return once(operation, call, timeout, answers);
    }

    /** A write with the default request timeout. */
    <T> T write(String operation, Supplier<CompletableFuture<T>> call) {
        return once(operation, call, requestTimeout, null);
    }

    private <T> T once(String operation, Supplier<CompletableFuture<T>> call, Duration timeout,
            Function<Throwable, StoreException> answers) {
        try {
            return breaker.executeSupplier(() -> await(operation, call, timeout, answers));
        } catch (CallNotPermittedException e) {
            throw new StoreUnavailableException("etcd is unavailable (circuit breaker open) during " + operation, e);
        }
    }

    private static <T> T await(String operation, Supplier<CompletableFuture<T>> call, Duration timeout,
            Function<Throwable, StoreException> answers) {
        CompletableFuture<T> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            // jetcd throws synchronously for some failures, e.g. a closed client
            throw translate(operation, e, answers);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for etcd during " + operation, e);
        } catch (TimeoutException e) {
            // Cancelling only stops us waiting; the request may still reach etcd and, for a write, commit.
            future.cancel(true);
            throw new StoreUnavailableException(
                    "etcd did not answer " + operation + " within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw translate(operation, e.getCause(), answers);
        }
    }

    static StoreException translate(String operation, Throwable error,
            Function<Throwable, StoreException> answers) {
        Throwable cause = EtcdErrors.unwrap(error);
        if (cause instanceof StoreException store) {
            return store;
        }
        if (EtcdErrors.isUnavailable(cause)) {
            return new StoreUnavailableException(
                    "etcd is unavailable during " + operation + ": " + EtcdErrors.describe(cause), cause);
        }
        if (answers != null) {
            StoreException mapped = answers.apply(cause);
            if (mapped != null) {
                return mapped;
            }
        }
        return new StoreException("etcd failed " + operation + ": " + EtcdErrors.describe(cause), cause);
    }

    private static boolean worthRetrying(Throwable error) {
        return error instanceof StoreUnavailableException
                && !(error.getCause() instanceof CallNotPermittedException)
                && !(error.getCause() instanceof TimeoutException)
                && !Thread.currentThread().isInterrupted();
    }
}
