package dev.capstan.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream's work queue properties ({@code client-go/util/workqueue}). */
@Timeout(30)
class WorkQueueTest {

    private static final WorkQueue.Metrics NO_METRICS = new WorkQueue.Metrics() {
        @Override
        public void added() {
        }

        @Override
        public void depth(int depth) {
        }

        @Override
        public void queued(Duration waited) {
        }

        @Override
        public void worked(Duration took) {
        }

        @Override
        public void retried() {
        }
    };

    private final WorkQueue<String> queue = new WorkQueue<>("test", RateLimiter.controllerDefault(), NO_METRICS);

    @AfterEach
    void shutDown() {
        queue.shutDown();
    }

    private CompletableFuture<String> getAsync() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return queue.get();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aKeyAddedManyTimesIsQueuedOnce() throws Exception {
        queue.add("a");
        queue.add("a");
        queue.add("b");
        queue.add("a");

        assertThat(queue.length()).isEqualTo(2);
        assertThat(queue.get()).isEqualTo("a");
        assertThat(queue.get()).isEqualTo("b");
        assertThat(queue.length()).isZero();
    }

    @Test
    void aKeyBeingProcessedIsNotHandedToASecondWorkerAndIsQueuedAgainOnDone() throws Exception {
        queue.add("a");
        assertThat(queue.get()).isEqualTo("a");

        queue.add("a");
        assertThat(queue.length()).isZero();
        CompletableFuture<String> secondWorker = getAsync();
        Thread.sleep(100);
        assertThat(secondWorker).isNotDone();

        queue.done("a");
        assertThat(secondWorker.get(5, TimeUnit.SECONDS)).isEqualTo("a");
    }

    @Test
    void aKeyProcessedAndNotAddedAgainIsNotQueuedAgain() throws Exception {
        queue.add("a");
        queue.done(queue.get());

        assertThat(queue.length()).isZero();
    }

    @Test
    void aKeyAddedManyTimesWhileProcessingIsQueuedOnceAfterDone() throws Exception {
        queue.add("a");
        String item = queue.get();
        queue.add("a");
        queue.add("a");
        queue.done(item);

        assertThat(queue.length()).isEqualTo(1);
    }

    @Test
    void addAfterDelaysTheKey() throws Exception {
        queue.addAfter("a", Duration.ofMillis(300));
        assertThat(queue.length()).isZero();
        queue.add("b");

        assertThat(getAsync().get(5, TimeUnit.SECONDS)).as("a key added now overtakes the delayed one").isEqualTo("b");
        queue.done("b");
        assertThat(getAsync().get(5, TimeUnit.SECONDS)).isEqualTo("a");
    }

    @Test
    void addAfterWithoutDelayAddsAtOnce() {
        queue.addAfter("a", Duration.ZERO);

        assertThat(queue.length()).isEqualTo(1);
    }

    @Test
    void aKeyWaitingTwiceIsAddedOnceAtTheEarlierTime() throws Exception {
        queue.addAfter("a", Duration.ofSeconds(20));
        queue.addAfter("a", Duration.ofMillis(100));
        queue.addAfter("a", Duration.ofMillis(400));
        queue.addAfter("marker", Duration.ofMillis(250));

        assertThat(getAsync().get(5, TimeUnit.SECONDS)).as("the earliest request wins: before the 250 ms marker").isEqualTo("a");
        queue.done("a");
        assertThat(getAsync().get(5, TimeUnit.SECONDS)).isEqualTo("marker");
        queue.done("marker");
        Thread.sleep(700);
        assertThat(queue.length()).as("the later requests were folded into the earlier one").isZero();
    }

    @Test
    void delayedKeysComeOutInReadyTimeOrder() throws Exception {
        queue.addAfter("late", Duration.ofMillis(400));
        queue.addAfter("early", Duration.ofMillis(100));

        assertThat(getAsync().get(5, TimeUnit.SECONDS)).isEqualTo("early");
        assertThat(getAsync().get(5, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @ParameterizedTest(name = "failure {0} of a key backs off {1} ms")
    @CsvSource({"1, 5", "2, 10", "3, 20", "4, 40", "5, 80", "10, 2560"})
    void rateLimitedAddsBackOffExponentiallyPerKey(int failures, long expectedBackoffMs) {
        RateLimiter limiter = RateLimiter.controllerDefault();
        Duration last = null;
        for (int i = 0; i < failures; i++) {
            last = limiter.when("a");
        }

        assertThat(last).isEqualTo(Duration.ofMillis(expectedBackoffMs));
        assertThat(limiter.retries("a")).isEqualTo(failures);
        assertThat(limiter.when("b")).as("another key has its own backoff").isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void theBackoffIsCappedAtTheMaximum() {
        RateLimiter limiter = new RateLimiter(Duration.ofMillis(5), Duration.ofSeconds(1000), 1000, 1000);
        Duration last = null;
        for (int i = 0; i < 40; i++) {
            last = limiter.when("a");
        }

        assertThat(last).isEqualTo(Duration.ofSeconds(1000));
    }

    @Test
    void forgetResetsTheBackoff() {
        RateLimiter limiter = RateLimiter.controllerDefault();
        limiter.when("a");
        limiter.when("a");
        limiter.when("a");

        limiter.forget("a");

        assertThat(limiter.retries("a")).isZero();
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void manyFailingKeysAreLimitedByTheOverallBucket() {
        RateLimiter limiter = RateLimiter.controllerDefault(); // 10 per second, burst 100
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.when("key-" + i)).isEqualTo(Duration.ofMillis(5));
        }

        assertThat(limiter.when("key-100")).isGreaterThan(Duration.ofMillis(50));
    }

    @Test
    void rateLimitedAddsGoThroughTheQueueAndForgetResetsThem() throws Exception {
        queue.addRateLimited("a");
        queue.addRateLimited("a");
        assertThat(queue.retries("a")).isEqualTo(2);
        assertThat(getAsync().get(5, TimeUnit.SECONDS)).isEqualTo("a");

        queue.forget("a");
        assertThat(queue.retries("a")).isZero();
    }

    @Test
    void getReturnsNullOnceShutDown() throws Exception {
        CompletableFuture<String> waiting = getAsync();
        Thread.sleep(50);

        queue.shutDown();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
        queue.add("a");
        assertThat(queue.length()).isZero();
    }
}
