package dev.capstan.controllers.daemonset;

import dev.capstan.controllers.statefulset.PodState;
import dev.capstan.controllers.statefulset.TemplateRevision;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The daemon pods of one node, oldest first (upstream's {@code podByCreationTimestampAndPhase}).
 *
 * @param node the node's name
 * @param pods its daemon pods that are not terminating
 */
record NodePods(String node, List<Pod> pods) {

    static final Comparator<Pod> OLDEST_FIRST = Comparator
            .comparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp())
            .thenComparing(p -> p.getMetadata().getName());

    static NodePods of(String node, List<Pod> all) {
        List<Pod> live = new ArrayList<>(all.stream().filter(p -> !PodState.isTerminating(p)).toList());
        live.sort(OLDEST_FIRST);
        return new NodePods(node, live);
    }

    static boolean updated(Pod pod, String hash) {
        return pod.getMetadata().getLabels() != null && Objects.equals(pod.getMetadata().getLabels().get(TemplateRevision.HASH_LABEL), hash);
    }
}
