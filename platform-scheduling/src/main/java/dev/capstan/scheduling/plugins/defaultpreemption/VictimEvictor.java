package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evicts preemption victims through the API as upstream's {@code PreemptPod}: first marks each victim with the
 * {@code DisruptionTarget} condition (so its controller and the preemptor's next attempt can tell the pod is
 * going away because of preemption), then deletes it with a plain DELETE (preemption does not go through the
 * eviction API, PDBs were already weighed when choosing victims). A victim already gone counts as evicted.
 */
final class VictimEvictor {

    static final String DISRUPTION_TARGET = "DisruptionTarget";
    static final String PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler";
    static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";
    private static final int NOT_FOUND = 404;

    private final KubernetesClient client;

    VictimEvictor(KubernetesClient client) {
        this.client = client;
    }

    Status evict(Pod preemptor, List<Pod> victims) {
        for (Pod victim : victims) {
            if (victim.getMetadata().getDeletionTimestamp() != null) {
                continue; // graceful deletion already started: another call changes nothing
            }
            PodResource resource = client.pods().inNamespace(victim.getMetadata().getNamespace())
                    .withName(victim.getMetadata().getName());
            try {
                if (!hasPreemptionCondition(victim)) {
                    resource.subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                            conditionPatch(preemptor));
                }
                resource.delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != NOT_FOUND) {
                    return Status.error(e.getMessage());
                }
            }
        }
        return Status.success();
    }

    static String message(Pod preemptor) {
        String schedulerName = preemptor.getSpec() == null ? null : preemptor.getSpec().getSchedulerName();
        if (schedulerName == null || schedulerName.isEmpty()) {
            schedulerName = DEFAULT_SCHEDULER_NAME;
        }
        return schedulerName + ": preempting to accommodate a higher priority pod";
    }

    /** Whether the victim already carries the condition (upstream then skips the status patch). */
    private static boolean hasPreemptionCondition(Pod victim) {
        if (victim.getStatus() == null || victim.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : victim.getStatus().getConditions()) {
            if (DISRUPTION_TARGET.equals(condition.getType())) {
                return "True".equals(condition.getStatus()) && PREEMPTION_BY_SCHEDULER.equals(condition.getReason());
            }
        }
        return false;
    }

    /** A strategic merge patch: conditions merge by {@code type}, so the pod's other conditions stay. */
    private String conditionPatch(Pod preemptor) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", DISRUPTION_TARGET);
        condition.put("status", "True");
        condition.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        condition.put("reason", PREEMPTION_BY_SCHEDULER);
        condition.put("message", message(preemptor));
        Map<String, Object> status = Map.of("conditions", List.of(condition));
        return client.getKubernetesSerialization().asJson(Map.of("status", status));
    }
}
