package dev.capstan.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EvictionPlanTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final String ADDED = "2026-01-01T00:09:00Z"; // a minute ago
    private static final Duration DEFAULT = Duration.ofSeconds(300);

    private static Taint taint(String key, String effect) {
        return new Taint(effect, key, ADDED, null);
    }

    private static Pod pod(Toleration... tolerations) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName("n").withTolerations(tolerations).endSpec().build();
    }

    static Stream<Arguments> cases() {
        Taint unreachable = taint(NodeHealth.UNREACHABLE, "NoExecute");
        Taint custom = taint("dedicated", "NoExecute");
        return Stream.of(
                Arguments.of("no toleration of its own: the admission default (300 s) counts from the taint",
                        pod(), List.of(unreachable), Instant.parse("2026-01-01T00:14:00Z")),
                Arguments.of("its own tolerationSeconds win over the default",
                        pod(new Toleration("NoExecute", NodeHealth.UNREACHABLE, "Exists", 30L, null)), List.of(unreachable),
                        Instant.parse("2026-01-01T00:09:30Z")),
                Arguments.of("tolerated without a limit: never evicted",
                        pod(new Toleration("NoExecute", NodeHealth.UNREACHABLE, "Exists", null, null)), List.of(unreachable), null),
                Arguments.of("an untolerated NoExecute taint evicts at once",
                        pod(), List.of(custom), NOW),
                Arguments.of("an empty key with Exists tolerates everything",
                        pod(new Toleration(null, null, "Exists", null, null)), List.of(custom, unreachable), null),
                Arguments.of("the smallest limit over all taints",
                        pod(new Toleration("NoExecute", "dedicated", "Exists", 600L, null)), List.of(custom, unreachable),
                        Instant.parse("2026-01-01T00:14:00Z")),
                Arguments.of("NoSchedule taints never evict",
                        pod(), List.of(taint("dedicated", "NoSchedule")), null),
                Arguments.of("Equal needs the same value",
                        pod(new Toleration("NoExecute", "dedicated", "Equal", null, "other")), List.of(new Taint("NoExecute",
                                "dedicated", ADDED, "infra")), NOW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evictionTimeFollowsUpstreamsTaintManager(String what, Pod pod, List<Taint> taints, Instant expected) {
        assertThat(EvictionPlan.evictionTime(pod, taints, NOW, DEFAULT)).isEqualTo(expected);
    }
}
