package dev.capstan.scheduling.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.scheduling.BindPlugin;
import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import dev.capstan.scheduling.framework.ParallelNodes;
import dev.capstan.scheduling.framework.SchedulingFramework;
import dev.capstan.scheduling.framework.WeightedScorePlugin;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodPlacementTest {

    private final java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    /** Rejects nodes whose name ends in an odd digit; records every node it was asked about. */
    static final class OddNodesRejected implements FilterPlugin {
        final Set<String> seen = ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "OddNodesRejected";
        }

        @Override
        public Status filter(CycleState state, Pod pod, NodeInfo node) {
            seen.add(node.name());
            int last = node.name().charAt(node.name().length() - 1) - '0';
            return last % 2 == 1 ? Status.unschedulable("node(s) were odd") : Status.success();
        }
    }

    /** Scores by the number in the node's name, so the highest-numbered feasible node wins. */
    static final class NumberScore implements ScorePlugin {
        @Override
        public String name() {
            return "NumberScore";
        }

        @Override
        public long score(CycleState state, Pod pod, NodeInfo node) {
            return Long.parseLong(node.name().replaceAll("\\D", ""));
        }

        @Override
        public void normalizeScores(CycleState state, Pod pod, List<NodeScore> scores) {
            long max = scores.stream().mapToLong(NodeScore::score).max().orElse(1);
            scores.forEach(s -> s.setScore(max == 0 ? 0 : s.score() * MAX_NODE_SCORE / max));
        }
    }

    private static SchedulingFramework framework(FilterPlugin filter, ScorePlugin score) {
        BindPlugin binder = new BindPlugin() {
            @Override
            public String name() {
                return "NoBinder";
            }

            @Override
            public Status bind(CycleState state, Pod pod, String nodeName) {
                return Status.success();
            }
        };
        return new SchedulingFramework("default-scheduler", new SchedulingFramework.Plugins(List.of(), List.of(filter),
                List.of(), List.of(), score == null ? List.of() : List.of(new WeightedScorePlugin(score, 1)), List.of(),
                List.of(), List.of(), List.of(binder)), null, List::of);
    }

    private static Snapshot nodes(int count) {
        List<NodeInfo> infos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            infos.add(new NodeInfo(new NodeBuilder().withNewMetadata().withName("node-" + i).endMetadata().build()));
        }
        return new Snapshot(infos);
    }

    private static final Pod POD = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
            .withNewSpec().endSpec().build();

    @Test
    void theHighestScoringFeasibleNodeWins() throws Exception {
        PodPlacement placement = new PodPlacement(new ParallelNodes(pool, 3), 0);
        ScheduleResult result = placement.schedule(framework(new OddNodesRejected(), new NumberScore()), new CycleState(),
                POD, nodes(10));
        assertThat(result.nodeName()).isEqualTo("node-8");
        assertThat(result.feasibleNodes()).isEqualTo(5);
    }

    @Test
    void noFeasibleNodeExplainsEveryRejection() {
        PodPlacement placement = new PodPlacement(new ParallelNodes(pool, 3), 0);
        FilterPlugin rejectAll = new FilterPlugin() {
            @Override
            public String name() {
                return "RejectAll";
            }

            @Override
            public Status filter(CycleState state, Pod pod, NodeInfo node) {
                return Status.unschedulable("Insufficient cpu");
            }
        };
        assertThatThrownBy(() -> placement.schedule(framework(rejectAll, null), new CycleState(), POD, nodes(3)))
                .isInstanceOfSatisfying(UnschedulableException.class, e ->
                        assertThat(e.fitError().message()).isEqualTo("0/3 nodes are available: 3 Insufficient cpu."));
    }

    @Test
    void inALargeClusterOnlyEnoughNodesAreFilteredAndTheNextCycleStartsWhereThisOneStopped() throws Exception {
        OddNodesRejected filter = new OddNodesRejected();
        PodPlacement placement = new PodPlacement(new ParallelNodes(pool, 0), 0);
        Snapshot snapshot = nodes(1000);
        ScheduleResult first = placement.schedule(framework(filter, new NumberScore()), new CycleState(), POD, snapshot);
        // 1000 nodes: 50 - 1000/125 = 42% → 420 feasible wanted, 840 nodes looked at (every other one fits)
        assertThat(first.feasibleNodes()).isEqualTo(420);
        assertThat(filter.seen).hasSize(839);
        filter.seen.clear();
        placement.schedule(framework(filter, new NumberScore()), new CycleState(), POD, snapshot);
        assertThat(filter.seen).contains("node-839", "node-999", "node-0").doesNotContain("node-838");
    }

    @ParameterizedTest(name = "{0} nodes at {1}% → {2}")
    @CsvSource({"50, 0, 50", "99, 0, 99", "100, 0, 100", "500, 0, 230", "5000, 0, 500", "20000, 0, 1000",
            "1000, 10, 100", "1000, 30, 300", "1000, 100, 1000"})
    void numberOfFeasibleNodesToFindFollowsUpstream(int nodes, int percentage, int expected) {
        assertThat(new PodPlacement(null, percentage).numFeasibleNodesToFind(nodes)).isEqualTo(expected);
    }

    @Test
    void tiesAreBrokenAtRandom() {
        Map<Integer, Integer> wins = new ConcurrentHashMap<>();
        for (int i = 0; i < 300; i++) {
            wins.merge(PodPlacement.selectHost(new long[] {5, 9, 9, 1, 9}), 1, Integer::sum);
        }
        assertThat(wins.keySet()).containsExactlyInAnyOrder(1, 2, 4);
    }
}
