package dev.capstan.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's taint-based eviction, pure: a pod on a node with NoExecute taints is evicted at once when it
 * does not tolerate one of them, after the smallest {@code tolerationSeconds} of its matching tolerations
 * (counted from the taint's {@code timeAdded}) when it tolerates them for a while, and never when it
 * tolerates them without a limit.
 */
final class EvictionPlan {

    private EvictionPlan() {
    }

    /**
     * When the pod must be evicted, or null for never.
     *
     * @param defaultTolerationSeconds stands in for the DefaultTolerationSeconds admission plugin (not yet in
     *     Capstan): a pod without a toleration for not-ready / unreachable is treated as tolerating them for
     *     this long, as every pod does upstream once admitted
     */
    static Instant evictionTime(Pod pod, List<Taint> taints, Instant now, Duration defaultTolerationSeconds) {
        List<Toleration> tolerations = new ArrayList<>(pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations());
        for (String key : List.of(NodeHealth.NOT_READY, NodeHealth.UNREACHABLE)) {
            Taint probe = new Taint("NoExecute", key, null, null);
            // as the admission plugin: only pods that do not already tolerate it (a wildcard counts) get the default
            boolean has = tolerations.stream().anyMatch(t -> tolerates(t, probe));
            if (!has) {
                tolerations.add(new Toleration("NoExecute", key, "Exists", defaultTolerationSeconds.toSeconds(), null));
            }
        }
        Instant evictAt = null;
        boolean forever = true;
        for (Taint taint : taints) {
            if (!"NoExecute".equals(taint.getEffect())) {
                continue;
            }
            Long seconds = null;
            boolean tolerated = false;
            boolean unlimited = false;
            for (Toleration toleration : tolerations) {
                if (tolerates(toleration, taint)) {
                    tolerated = true;
                    if (toleration.getTolerationSeconds() == null) {
                        unlimited = true;
                    } else {
                        seconds = seconds == null ? toleration.getTolerationSeconds() : Math.min(seconds, toleration.getTolerationSeconds());
                    }
                }
            }
            if (!tolerated) {
                return now;
            }
            if (seconds != null) {
                // a limited toleration bounds the stay even when another toleration is unlimited, as upstream's minimum
                Instant added = taint.getTimeAdded() == null ? now : ZonedDateTime.parse(taint.getTimeAdded()).toInstant();
                Instant at = added.plusSeconds(Math.max(0, seconds));
                evictAt = evictAt == null || at.isBefore(evictAt) ? at : evictAt;
                forever = false;
            } else if (!unlimited) {
                return now;
            }
        }
        return forever ? null : evictAt;
    }

    /** Upstream's Toleration.ToleratesTaint. */
    static boolean tolerates(Toleration toleration, Taint taint) {
        String effect = toleration.getEffect();
        if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String key = toleration.getKey();
        if (key != null && !key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        if ("Exists".equals(toleration.getOperator())) {
            return true;
        }
        if (key == null || key.isEmpty()) {
            return false; // an empty key needs Exists
        }
        String value = toleration.getValue() == null ? "" : toleration.getValue();
        return value.equals(taint.getValue() == null ? "" : taint.getValue());
    }
}
