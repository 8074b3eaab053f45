package dev.capstan.scheduling.plugins.imagelocality;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.ImageState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.PreScorePlugin;
import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code ImageLocality} plugin: favours nodes that already have the pod's images, by their size scaled
 * by how widely each image is spread (an image on every node says nothing about this node), summed over the
 * containers and mapped to {@code [0, 100]} between 23MB and 1000MB per container.
 *
 * <p>Upstream reads the total node count from the snapshot in Score; Capstan's Score and PreScore do not see the
 * snapshot, so this plugin is also a PreFilter plugin that records {@link Snapshot#size()} in the cycle state.
 * Enable it at PreFilter too: without that, the number of feasible nodes stands in for the total; it can only be
 * smaller, so widely spread images would weigh more than upstream weighs them.
 */
public final class ImageLocality implements PreFilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "ImageLocality";

    static final long MB = 1024L * 1024;
    static final long MIN_THRESHOLD = 23 * MB;
    static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;

    static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    static final String PRE_SCORE_KEY = "PreScore" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, Snapshot snapshot) {
        state.write(PRE_FILTER_KEY, new TotalNodes(snapshot.size()));
        // Success, not skip: skipping is about this plugin's Filter, and it has none.
        return Status.success();
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        TotalNodes total = state.read(PRE_FILTER_KEY, TotalNodes.class);
        int totalNodes = total != null ? total.count() : feasibleNodes.size();
        state.write(PRE_SCORE_KEY, prepare(pod, totalNodes));
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        PreScoreState prepared = state.read(PRE_SCORE_KEY, PreScoreState.class);
        if (prepared == null) {
            TotalNodes total = state.read(PRE_FILTER_KEY, TotalNodes.class);
            prepared = prepare(pod, total != null ? total.count() : 1);
        }
        return calculatePriority(sumImageScores(node.images(), prepared), prepared.containerCount());
    }

    /** The sum over the pod's containers of each image's size scaled by its spread; absent images add nothing. */
    static long sumImageScores(Map<String, ImageState> images, PreScoreState prepared) {
        if (images.isEmpty()) {
            return 0;
        }
        long sum = 0;
        for (List<String> candidates : prepared.imageCandidates()) {
            for (String name : candidates) {
                ImageState image = images.get(name);
                if (image != null) {
                    sum += scaledImageScore(image, prepared.totalNodes());
                    break;
                }
            }
        }
        return sum;
    }

    static long scaledImageScore(ImageState image, int totalNodes) {
        double spread = (double) image.numNodes() / (double) totalNodes;
        return (long) (image.sizeBytes() * spread);
    }

    /** Upstream's {@code calculatePriority}: clamps the sum between the thresholds and scales it to [0, 100]. */
    static long calculatePriority(long sumScores, int containerCount) {
        long maxThreshold = MAX_CONTAINER_THRESHOLD * containerCount;
        long clamped = sumScores < MIN_THRESHOLD ? MIN_THRESHOLD : Math.min(sumScores, maxThreshold);
        return ScorePlugin.MAX_NODE_SCORE * (clamped - MIN_THRESHOLD) / (maxThreshold - MIN_THRESHOLD);
    }

    private static PreScoreState prepare(Pod pod, int totalNodes) {
        List<List<String>> candidates = new ArrayList<>();
        int containerCount = 0;
        if (pod.getSpec() != null) {
            for (List<Container> containers : List.of(nullSafe(pod.getSpec().getInitContainers()),
                    nullSafe(pod.getSpec().getContainers()))) {
                for (Container container : containers) {
                    containerCount++;
                    if (container.getImage() != null && !container.getImage().isEmpty()) {
                        candidates.add(ImageNames.candidates(container.getImage()));
                    }
                }
            }
        }
        return new PreScoreState(List.copyOf(candidates), containerCount, Math.max(totalNodes, 1));
    }

    private static List<Container> nullSafe(List<Container> containers) {
        return containers == null ? List.of() : containers;
    }

    /** The number of nodes in the cycle's snapshot. */
    record TotalNodes(int count) implements CycleState.Data {
        @Override
        public CycleState.Data copy() {
            return this;
        }
    }

    /**
     * @param imageCandidates per container (init containers first), the names its image may be reported under
     * @param containerCount init containers plus containers, for the upper threshold
     * @param totalNodes the number of nodes in the cluster
     */
    record PreScoreState(List<List<String>> imageCandidates, int containerCount, int totalNodes)
            implements CycleState.Data {
        @Override
        public CycleState.Data copy() {
            return this;
        }
    }
}
