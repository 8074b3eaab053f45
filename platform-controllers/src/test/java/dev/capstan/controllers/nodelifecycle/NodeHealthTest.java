package dev.capstan.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeHealthTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    private static Node node(String ready, String heartbeat, Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName("n").endMetadata()
                .withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).withLastHeartbeatTime(heartbeat)
                .endCondition().endStatus().build();
    }

    @Test
    void theLeaseOrTheHeartbeatWhicheverIsLaterIsTheLastSignOfLife() {
        Lease lease = new LeaseBuilder().withNewSpec().withRenewTime(NOW.minusSeconds(5).atZone(ZoneOffset.UTC)).endSpec().build();
        Node node = node("True", "2026-01-01T00:05:00Z");
        assertThat(NodeHealth.lastHeard(node, lease)).isEqualTo(NOW.minusSeconds(5));
        assertThat(NodeHealth.lastHeard(node, null)).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
    }

    @ParameterizedTest(name = "last heard {0} s ago with grace {1} s: overdue={2}")
    @CsvSource({"10, 50, false", "50, 50, false", "51, 50, true", "300, 50, true"})
    void aNodeIsOverdueOnlyPastTheGracePeriod(long ago, long grace, boolean overdue) {
        assertThat(NodeHealth.overdue(NOW.minusSeconds(ago), NOW, Duration.ofSeconds(grace), NOW.minusSeconds(1000)))
                .isEqualTo(overdue);
    }

    @Test
    void anUnknownNodeGetsTheUnreachableTaintsAndKeepsItsOwn() {
        Taint own = new Taint("NoSchedule", "dedicated", null, "infra");
        List<Taint> taints = NodeHealth.desiredTaints(node("Unknown", null, own), NOW);
        assertThat(taints).extracting(Taint::getKey, Taint::getEffect).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dedicated", "NoSchedule"),
                org.assertj.core.groups.Tuple.tuple(NodeHealth.UNREACHABLE, "NoSchedule"),
                org.assertj.core.groups.Tuple.tuple(NodeHealth.UNREACHABLE, "NoExecute"));
        assertThat(taints.get(2).getTimeAdded()).isEqualTo(NOW.toString());
    }

    @Test
    void aNotReadyNodeSwapsUnreachableForNotReadyAndAReadyNodeLosesBoth() {
        Taint unreachable = new Taint("NoExecute", NodeHealth.UNREACHABLE, "2026-01-01T00:00:00Z", null);
        assertThat(NodeHealth.desiredTaints(node("False", null, unreachable), NOW)).extracting(Taint::getKey)
                .containsOnly(NodeHealth.NOT_READY);
        assertThat(NodeHealth.desiredTaints(node("True", null, unreachable), NOW)).isEmpty();
    }
}
