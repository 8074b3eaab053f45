package dev.capstan.controllers.replicaset;

import static dev.capstan.controllers.replicaset.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodExpectationsTest {

    private static final ObjectKey KEY = new ObjectKey("ns", "web");

    private final Map<String, Pod> cache = new HashMap<>();
    private final Lister<Pod> lister = new Lister<>() {
        @Override
        public Pod get(String namespace, String name) {
            return cache.get(name);
        }

        @Override
        public List<Pod> list(String namespace) {
            return List.copyOf(cache.values());
        }

        @Override
        public List<Pod> list(String namespace, Map<String, String> labels) {
            return list(namespace);
        }
    };
    private final PodExpectations expectations = new PodExpectations();

    @Test
    void isSatisfiedWithNothingExpected() {
        assertThat(expectations.satisfied(KEY, lister)).isTrue();
    }

    @Test
    void waitsUntilEveryCreatedPodIsSeenWhicheverComesFirst() {
        expectations.expectCreations(KEY, 2);
        expectations.observe(KEY, pod("a").build()); // informer faster than the create response
        expectations.created(KEY, "a");
        expectations.created(KEY, "b");
        assertThat(expectations.satisfied(KEY, lister)).isFalse();

        expectations.observe(KEY, pod("b").build());
        expectations.observe(KEY, pod("b").build());
        assertThat(expectations.satisfied(KEY, lister)).isTrue();
    }

    @Test
    void repeatedEventsOfOnePodDoNotCountTwice() {
        expectations.expectCreations(KEY, 2);
        expectations.created(KEY, "a");
        expectations.observe(KEY, pod("a").build());
        expectations.observe(KEY, pod("a").build());

        assertThat(expectations.satisfied(KEY, lister)).isFalse();
    }

    @Test
    void failedCreatesAreNotWaitedFor() {
        expectations.expectCreations(KEY, 2);
        expectations.creationFailed(KEY);
        expectations.created(KEY, "a");
        expectations.observe(KEY, pod("a").build());

        assertThat(expectations.satisfied(KEY, lister)).isTrue();
    }

    @Test
    void aDeletionIsObservedWhenThePodIsTerminatingOrGoneFromTheCache() {
        Pod a = pod("a").build();
        Pod b = pod("b").build();
        cache.put("a", a);
        cache.put("b", b);
        expectations.expectDeletions(KEY, List.of(a, b));
        assertThat(expectations.satisfied(KEY, lister)).isFalse();

        expectations.observe(KEY, pod("a").deleting().build());
        cache.put("a", pod("a").deleting().build());
        assertThat(expectations.satisfied(KEY, lister)).isFalse();

        cache.remove("b");
        assertThat(expectations.satisfied(KEY, lister)).isTrue();
    }

    @Test
    void aFailedDeleteIsNotWaitedFor() {
        Pod a = pod("a").build();
        cache.put("a", a);
        expectations.expectDeletions(KEY, List.of(a));
        expectations.deletionFailed(KEY, a);

        assertThat(expectations.satisfied(KEY, lister)).isTrue();
    }
}
