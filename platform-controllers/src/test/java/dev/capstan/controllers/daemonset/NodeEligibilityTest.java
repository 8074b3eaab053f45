package dev.capstan.controllers.daemonset;

import static dev.capstan.controllers.daemonset.DaemonSetFixtures.ds;
import static dev.capstan.controllers.daemonset.DaemonSetFixtures.node;
import static dev.capstan.controllers.daemonset.DaemonSetFixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeEligibilityTest {

    private static final UnaryOperator<DaemonSet> PLAIN = d -> d;

    private static UnaryOperator<DaemonSet> nodeSelector(String key, String value) {
        return d -> new DaemonSetBuilder(d).editSpec().editTemplate().editSpec().withNodeSelector(Map.of(key, value))
                .endSpec().endTemplate().endSpec().build();
    }

    private static UnaryOperator<DaemonSet> affinity(String key, String operator, String... values) {
        return d -> new DaemonSetBuilder(d).editSpec().editTemplate().editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator).withValues(values).build())
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .endSpec().endTemplate().endSpec().build();
    }

    private static UnaryOperator<DaemonSet> toleration(String key, String effect) {
        return d -> new DaemonSetBuilder(d).editSpec().editTemplate().editSpec().addToTolerations(new TolerationBuilder()
                .withKey(key).withOperator("Exists").withEffect(effect).build()).endSpec().endTemplate().endSpec().build();
    }

    private static final UnaryOperator<DaemonSet> HOST_NETWORK = d -> new DaemonSetBuilder(d).editSpec().editTemplate().editSpec()
            .withHostNetwork(true).endSpec().endTemplate().endSpec().build();

    static Stream<Arguments> cases() {
        Node plain = node("n1");
        Node ssd = node("n1", Map.of("disk", "ssd"));
        return Stream.of(
                Arguments.of("a plain node runs a plain daemon", PLAIN, plain, true),
                Arguments.of("a nodeSelector must match the node's labels", nodeSelector("disk", "ssd"), plain, false),
                Arguments.of("a matching nodeSelector runs", nodeSelector("disk", "ssd"), ssd, true),
                Arguments.of("required affinity In matches the label", affinity("disk", "In", "ssd", "nvme"), ssd, true),
                Arguments.of("required affinity In rejects other nodes", affinity("disk", "In", "nvme"), ssd, false),
                Arguments.of("required affinity NotIn runs where the label is absent", affinity("disk", "NotIn", "ssd"), plain, true),
                Arguments.of("required affinity DoesNotExist rejects a labelled node", affinity("disk", "DoesNotExist"), ssd, false),
                Arguments.of("a NoSchedule taint keeps the daemon off", PLAIN, node("n1", Map.of(), taint("dedicated", "NoSchedule")), false),
                Arguments.of("a NoExecute taint keeps the daemon off", PLAIN, node("n1", Map.of(), taint("dedicated", "NoExecute")), false),
                Arguments.of("a PreferNoSchedule taint does not matter", PLAIN,
                        node("n1", Map.of(), taint("dedicated", "PreferNoSchedule")), true),
                Arguments.of("a toleration lets the daemon onto a tainted node", toleration("dedicated", "NoSchedule"),
                        node("n1", Map.of(), taint("dedicated", "NoSchedule")), true),
                Arguments.of("the default tolerations cover unschedulable nodes", PLAIN,
                        node("n1", Map.of(), taint("node.kubernetes.io/unschedulable", "NoSchedule")), true),
                Arguments.of("the default tolerations cover not-ready nodes", PLAIN,
                        node("n1", Map.of(), taint("node.kubernetes.io/not-ready", "NoExecute")), true),
                Arguments.of("the default tolerations cover memory pressure", PLAIN,
                        node("n1", Map.of(), taint("node.kubernetes.io/memory-pressure", "NoSchedule")), true),
                Arguments.of("network-unavailable is tolerated only with hostNetwork", PLAIN,
                        node("n1", Map.of(), taint("node.kubernetes.io/network-unavailable", "NoSchedule")), false),
                Arguments.of("network-unavailable is tolerated with hostNetwork", HOST_NETWORK,
                        node("n1", Map.of(), taint("node.kubernetes.io/network-unavailable", "NoSchedule")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesWhichNodesRunTheDaemon(String description, UnaryOperator<DaemonSet> customize, Node node, boolean shouldRun) {
        DaemonSet ds = customize.apply(ds());
        assertThat(NodeEligibility.shouldRun(DaemonPods.specWithDefaultTolerations(ds), node)).isEqualTo(shouldRun);
    }
}
