package dev.capstan.scheduling.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitErrorTest {

    @Test
    void reasonsAreCountedOverNodesAndSortedAsUpstream() {
        Map<String, Status> statuses = new LinkedHashMap<>();
        statuses.put("a", Status.unschedulable("Insufficient cpu"));
        statuses.put("b", Status.unschedulable("Insufficient cpu", "Insufficient memory"));
        statuses.put("c", Status.unresolvable("node(s) had untolerated taint {dedicated: infra}"));
        FitError error = new FitError(3, statuses, null, null);
        assertThat(error.message()).isEqualTo("0/3 nodes are available: 1 Insufficient memory, "
                + "1 node(s) had untolerated taint {dedicated: infra}, 2 Insufficient cpu.");
    }

    @Test
    void preemptionsMessageFollowsTheReasons() {
        FitError error = new FitError(1, Map.of("a", Status.unschedulable("Insufficient cpu")), null, null)
                .withPostFilterMessage("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
        assertThat(error.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void aPreFilterRejectionIsReportedOnceNotPerNode() {
        FitError error = new FitError(5, Map.of(), "node(s) didn't satisfy plugin(s) [NodeAffinity]", null);
        assertThat(error.message()).isEqualTo("0/5 nodes are available: node(s) didn't satisfy plugin(s) [NodeAffinity].");
    }

    @Test
    void anEmptyClusterSaysSo() {
        assertThat(new FitError(0, Map.of(), FitError.NO_NODES, null).message())
                .isEqualTo("no nodes available to schedule pods");
    }
}
