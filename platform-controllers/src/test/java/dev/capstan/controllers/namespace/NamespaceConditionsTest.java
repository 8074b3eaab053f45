package dev.capstan.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamespaceConditionsTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    static Stream<Arguments> passes() {
        return Stream.of(
                Arguments.of("an empty namespace has every condition False with the ok reasons",
                        new ContentTotals(null, List.of(), Map.of("pods.", 0), Map.of()),
                        Map.of(), "ContentRemoved", "All content successfully removed"),
                Arguments.of("remaining content is listed per resource, sorted",
                        new ContentTotals(null, List.of(), Map.of("pods.", 2, "configmaps.", 1, "jobs.batch", 0), Map.of()),
                        Map.of(NamespaceConditions.CONTENT_REMAINING, "SomeResourcesRemain"), "SomeResourcesRemain",
                        "Some resources are remaining: configmaps. has 1 resource instances, pods. has 2 resource instances"),
                Arguments.of("finalizers holding content are counted",
                        new ContentTotals(null, List.of(), Map.of("configmaps.", 1), Map.of("example.com/hold", 1)),
                        Map.of(NamespaceConditions.CONTENT_REMAINING, "SomeResourcesRemain",
                                NamespaceConditions.FINALIZERS_REMAINING, "SomeFinalizerRemain"), "SomeResourcesRemain",
                        "Some resources are remaining: configmaps. has 1 resource instances"),
                Arguments.of("a discovery failure is reported",
                        new ContentTotals("Discovery failed for some groups, 1 failing: x", List.of(), Map.of(), Map.of()),
                        Map.of(NamespaceConditions.DISCOVERY_FAILURE, "DiscoveryFailed"), "ContentRemoved",
                        "All content successfully removed"),
                Arguments.of("a delete failure is reported",
                        new ContentTotals(null, List.of("b", "a"), Map.of(), Map.of()),
                        Map.of(NamespaceConditions.CONTENT_FAILURE, "ContentDeletionFailed"), "ContentRemoved",
                        "All content successfully removed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passes")
    void conditionsFollowUpstream(String sentence, ContentTotals totals, Map<String, String> trueReasons,
                                  String remainingReason, String remainingMessage) {
        List<NamespaceCondition> conditions = NamespaceConditions.update(List.of(), totals, NOW);

        assertThat(conditions).extracting(NamespaceCondition::getType).containsExactlyElementsOf(NamespaceConditions.TYPES);
        for (NamespaceCondition c : conditions) {
            assertThat(c.getStatus()).as(c.getType()).isEqualTo(trueReasons.containsKey(c.getType()) ? "True" : "False");
            if (trueReasons.containsKey(c.getType())) {
                assertThat(c.getReason()).isEqualTo(trueReasons.get(c.getType()));
            }
        }
        NamespaceCondition remaining = conditions.stream()
                .filter(c -> c.getType().equals(NamespaceConditions.CONTENT_REMAINING)).findFirst().orElseThrow();
        assertThat(remaining.getReason()).isEqualTo(remainingReason);
        assertThat(remaining.getMessage()).isEqualTo(remainingMessage);
    }

    @Test
    void aDeleteFailureMessageListsTheSortedErrors() {
        List<NamespaceCondition> conditions = NamespaceConditions.update(null,
                new ContentTotals(null, List.of("b", "a"), Map.of(), Map.of()), NOW);

        assertThat(conditions).filteredOn(c -> c.getType().equals(NamespaceConditions.CONTENT_FAILURE)).singleElement()
                .extracting(NamespaceCondition::getMessage).isEqualTo("Failed to delete all resource types, 2 remaining: a, b");
    }

    @Test
    void unchangedConditionsAreNotRewritten() {
        ContentTotals totals = new ContentTotals(null, List.of(), Map.of("pods.", 1), Map.of());
        List<NamespaceCondition> first = NamespaceConditions.update(null, totals, NOW);

        assertThat(NamespaceConditions.update(first, totals, NOW.plusSeconds(5))).isNull();
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhenOnlyItsMessageChanges() {
        List<NamespaceCondition> first = NamespaceConditions.update(null,
                new ContentTotals(null, List.of(), Map.of("pods.", 2), Map.of()), NOW);

        List<NamespaceCondition> next = NamespaceConditions.update(first,
                new ContentTotals(null, List.of(), Map.of("pods.", 1), Map.of()), NOW.plusSeconds(5));

        assertThat(next).filteredOn(c -> c.getType().equals(NamespaceConditions.CONTENT_REMAINING)).singleElement()
                .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo(NOW.toString()))
                .satisfies(c -> assertThat(c.getMessage()).endsWith("pods. has 1 resource instances"));
    }

    @Test
    void otherConditionsAreKept() {
        NamespaceCondition foreign = new NamespaceConditionBuilder().withType("Other").withStatus("True").build();

        assertThat(NamespaceConditions.update(List.of(foreign), new ContentTotals(null, List.of(), Map.of(), Map.of()), NOW))
                .first().isEqualTo(foreign);
    }

    @Test
    void workloadsAreDeletedBeforeTheirPodsAndTheRestByName() {
        List<ContentResource> order = NamespaceConditions.deletionOrder(List.of(
                new ContentResource("", "v1", "secrets", "Secret"), new ContentResource("", "v1", "pods", "Pod"),
                new ContentResource("apps", "v1", "replicasets", "ReplicaSet"), new ContentResource("", "v1", "configmaps", "ConfigMap"),
                new ContentResource("apps", "v1", "deployments", "Deployment")));

        assertThat(order).extracting(ContentResource::plural)
                .containsExactly("deployments", "replicasets", "pods", "configmaps", "secrets");
    }
}
