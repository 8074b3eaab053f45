package dev.capstan.scheduling.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/**
 * Whether a node has a NoSchedule/NoExecute taint the pod does not tolerate ({@code nodeTaintsPolicy: Honor}
 * leaves such nodes out of the spreading domains). The minimal toleration rule of upstream's
 * {@code ToleratesTaint}; the TaintToleration plugin owns the full one.
 */
final class Tolerations {

    private Tolerations() {
    }

    static boolean hasUntoleratedTaint(Node node, Pod pod) {
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        if (taints == null || taints.isEmpty()) {
            return false;
        }
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations();
        for (Taint taint : taints) {
            boolean blocking = "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
            if (blocking && tolerations.stream().noneMatch(toleration -> tolerates(toleration, taint))) {
                return true;
            }
        }
        return false;
    }

    private static boolean tolerates(Toleration toleration, Taint taint) {
        if (!isEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!isEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator();
        if (isEmpty(operator) || "Equal".equals(operator)) {
            return String.valueOf(toleration.getValue() == null ? "" : toleration.getValue())
                    .equals(taint.getValue() == null ? "" : taint.getValue());
        }
        return "Exists".equals(operator);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
