package dev.capstan.scheduling.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(5), clock::get);

    private static Pod pod(String name, Integer priority) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
                .withNewSpec().withPriority(priority).endSpec().build();
    }

    private QueuedPod pop() throws InterruptedException {
        return queue.pop(Duration.ofMillis(10));
    }

    @Test
    void popsHigherPriorityFirstThenOlderFirst() throws Exception {
        queue.add(pod("old-low", 0));
        clock.addAndGet(1);
        queue.add(pod("high", 100));
        clock.addAndGet(1);
        queue.add(pod("new-low", 0));
        assertThat(pop().key()).isEqualTo("ns/high");
        assertThat(pop().key()).isEqualTo("ns/old-low");
        assertThat(pop().key()).isEqualTo("ns/new-low");
        assertThat(pop()).isNull();
    }

    @Test
    void backoffDoublesFromOneSecondUpToTenSeconds() {
        assertThat(queue.backoffNanos(1)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(queue.backoffNanos(2)).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(queue.backoffNanos(4)).isEqualTo(Duration.ofSeconds(8).toNanos());
        assertThat(queue.backoffNanos(5)).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(queue.backoffNanos(30)).isEqualTo(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void anUnschedulablePodWaitsForAClusterEventAndItsBackoff() throws Exception {
        queue.add(pod("p", 0));
        QueuedPod popped = pop();
        queue.requeue(popped, queue.schedulingCycle(), false);
        assertThat(queue.pendingCounts().get(SchedulingQueue.Where.UNSCHEDULABLE)).isEqualTo(1);
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        queue.flush();
        assertThat(pop()).as("no event yet: it stays parked").isNull();
        queue.moveAllToActiveOrBackoff();
        assertThat(pop().key()).isEqualTo("ns/p");
    }

    @Test
    void aClusterEventDuringBackoffMovesThePodToBackoffNotActive() throws Exception {
        queue.add(pod("p", 0));
        queue.requeue(pop(), queue.schedulingCycle(), false);
        queue.moveAllToActiveOrBackoff();
        assertThat(queue.pendingCounts().get(SchedulingQueue.Where.BACKOFF)).isEqualTo(1);
        assertThat(pop()).isNull();
        clock.addAndGet(Duration.ofMillis(1001).toNanos());
        queue.flush();
        assertThat(pop().key()).isEqualTo("ns/p");
    }

    @Test
    void anEventDuringTheAttemptSendsThePodToBackoffSoTheEventIsNotMissed() throws Exception {
        queue.add(pod("p", 0));
        QueuedPod popped = pop();
        long cycle = queue.schedulingCycle();
        queue.moveAllToActiveOrBackoff(); // e.g. a node was added while the pod was being scheduled
        queue.requeue(popped, cycle, false);
        assertThat(queue.pendingCounts().get(SchedulingQueue.Where.UNSCHEDULABLE)).isZero();
        assertThat(queue.pendingCounts().get(SchedulingQueue.Where.BACKOFF)).isEqualTo(1);
    }

    @Test
    void podsUnschedulableForTooLongAreRetriedWithoutAnEvent() throws Exception {
        queue.add(pod("p", 0));
        queue.requeue(pop(), queue.schedulingCycle(), false);
        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        queue.flush();
        assertThat(pop().key()).isEqualTo("ns/p");
    }

    @Test
    void aDeletedPodLeavesTheQueueEvenWhileBeingScheduled() throws Exception {
        queue.add(pod("gone", 0));
        queue.add(pod("kept", 0));
        QueuedPod inFlight = pop();
        queue.delete(inFlight.pod());
        queue.requeue(inFlight, queue.schedulingCycle(), false);
        assertThat(queue.pendingCounts().get(SchedulingQueue.Where.UNSCHEDULABLE)).isZero();
        queue.delete(pod("kept", 0));
        assertThat(pop()).isNull();
    }

    @Test
    void anUpdateMakesAnUnschedulablePodActiveAgain() throws Exception {
        queue.add(pod("p", 0));
        queue.requeue(pop(), queue.schedulingCycle(), false);
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        queue.update(pod("p", 7));
        QueuedPod again = pop();
        assertThat(again.podInfo().priority()).isEqualTo(7);
        assertThat(again.attempts()).isEqualTo(2);
    }
}
