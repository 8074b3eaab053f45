package dev.capstan.controllers.replicaset;

import static dev.capstan.controllers.replicaset.Pods.NOW;
import static dev.capstan.controllers.replicaset.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodDeletionOrderTest {

    /** Each row: a rule, the pod deleted first and the pod kept (both otherwise alike). */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("an unassigned pod goes before an assigned one",
                        pod("a").phase("Pending"), pod("b").node("n1").phase("Pending")),
                Arguments.of("a pending pod goes before an unknown one",
                        pod("a").node("n1").phase("Pending"), pod("b").node("n1").phase("Unknown")),
                Arguments.of("an unknown pod goes before a running one",
                        pod("a").node("n1").phase("Unknown"), pod("b").node("n1").phase("Running")),
                Arguments.of("a not ready pod goes before a ready one",
                        pod("a").node("n1").notReady(), pod("b").node("n1").readySince(NOW.minusSeconds(60))),
                Arguments.of("a lower deletion cost goes before a higher one, even if older and ready longer",
                        pod("a").node("n1").deletionCost("-5").readySince(NOW.minusSeconds(9000)),
                        pod("b").node("n1").deletionCost("10").readySince(NOW.minusSeconds(60))),
                Arguments.of("a pod doubled up on a node goes before a pod alone on its node",
                        pod("a").node("crowded").readySince(NOW.minusSeconds(60)),
                        pod("b").node("alone").readySince(NOW.minusSeconds(60))),
                Arguments.of("a pod ready more recently goes before one ready longer (different log2 buckets)",
                        pod("a").node("n1").readySince(NOW.minusSeconds(10)), pod("b").node("n1").readySince(NOW.minusSeconds(1000))),
                Arguments.of("a pod with more restarts goes before one with fewer",
                        pod("a").node("n1").restarts(5), pod("b").node("n1").restarts(1)),
                Arguments.of("a newer pod goes before an older one",
                        pod("a").node("n1").created(NOW.minusSeconds(10)), pod("b").node("n1").created(NOW.minusSeconds(10_000))),
                Arguments.of("an invalid deletion cost counts as zero",
                        pod("a").node("n1").deletionCost("x").created(NOW.minusSeconds(10_000)),
                        pod("b").node("n1").deletionCost("1").created(NOW.minusSeconds(10))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ranksTheLeastValuablePodFirst(String rule, Pods first, Pods kept) {
        Pod a = first.build();
        Pod b = kept.build();
        List<Pod> related = List.of(a, b, pod("x").node("crowded").build(), pod("y").node("crowded").build());

        assertThat(PodDeletionOrder.podsToDelete(List.of(b, a), related, 1, NOW)).containsExactly(a);
        assertThat(PodDeletionOrder.podsToDelete(List.of(a, b), related, 1, NOW)).containsExactly(a);
    }

    @Test
    void picksTheNLeastValuablePodsInOrder() {
        Pod running = pod("running").node("n1").readySince(NOW.minusSeconds(600)).build();
        Pod notReady = pod("not-ready").node("n1").notReady().build();
        Pod pending = pod("pending").node("n1").phase("Pending").build();
        Pod unassigned = pod("unassigned").phase("Pending").build();

        assertThat(PodDeletionOrder.podsToDelete(List.of(running, notReady, pending, unassigned), List.of(), 3, NOW))
                .containsExactly(unassigned, pending, notReady);
    }

    @Test
    void pods_ready_within_the_same_log2_bucket_are_ordered_by_uid() {
        Pod b = pod("b").node("n1").readySince(NOW.minusSeconds(1000)).build();
        Pod a = pod("a").node("n1").readySince(NOW.minusSeconds(1001)).build();

        assertThat(PodDeletionOrder.podsToDelete(List.of(b, a), List.of(), 1, NOW)).containsExactly(a);
    }

    @Test
    void deletesEveryPodWithoutRankingWhenAllMustGo() {
        List<Pod> pods = List.of(pod("a").build(), pod("b").build());

        assertThat(PodDeletionOrder.podsToDelete(pods, List.of(), 2, NOW)).containsExactlyElementsOf(pods);
    }

    @Test
    void onlyActiveRelatedPodsCountTowardANodesCrowding() {
        Pod a = pod("a").node("n1").build();
        Pod b = pod("b").node("n2").build();
        List<Pod> related = List.of(a, b, pod("done").node("n2").phase("Succeeded").build(),
                pod("leaving").node("n2").deleting().build(), pod("other").node("n1").build());

        assertThat(PodDeletionOrder.podsToDelete(List.of(b, a), related, 1, NOW)).containsExactly(a);
    }
}
