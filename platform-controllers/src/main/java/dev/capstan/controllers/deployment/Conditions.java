package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Upstream's deployment condition types, reasons and helpers (kubectl rollout status reads them). */
public final class Conditions {

    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String REPLICA_FAILURE = "ReplicaFailure";

    public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";
    public static final String NEW_RS_REASON = "NewReplicaSetCreated";
    public static final String FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
    public static final String REPLICA_SET_UPDATED_REASON = "ReplicaSetUpdated";
    public static final String NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
    public static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
    public static final String FAILED_RS_CREATE_REASON = "ReplicaSetCreateError";
    public static final String PAUSED_REASON = "DeploymentPaused";
    public static final String RESUMED_REASON = "DeploymentResumed";

    private Conditions() {
    }

    public static String timestamp(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static DeploymentCondition create(String type, String status, String reason, String message, Instant now) {
        String ts = timestamp(now);
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastUpdateTime(ts).withLastTransitionTime(ts).build();
    }

    public static DeploymentCondition get(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /**
     * Upstream SetDeploymentCondition: no change when status and reason are the same; keeps lastTransitionTime
     * when only the reason changes.
     */
    public static void set(DeploymentStatus status, DeploymentCondition condition) {
        DeploymentCondition current = get(status, condition.getType());
        if (current != null && current.getStatus().equals(condition.getStatus())
                && java.util.Objects.equals(current.getReason(), condition.getReason())) {
            return;
        }
        DeploymentCondition toSet = condition;
        if (current != null && current.getStatus().equals(condition.getStatus())) {
            toSet = new DeploymentConditionBuilder(condition).withLastTransitionTime(current.getLastTransitionTime()).build();
        }
        List<DeploymentCondition> conditions = without(status, condition.getType());
        conditions.add(toSet);
        status.setConditions(conditions);
    }

    public static void remove(DeploymentStatus status, String type) {
        status.setConditions(without(status, type));
    }

    private static List<DeploymentCondition> without(DeploymentStatus status, String type) {
        List<DeploymentCondition> out = new ArrayList<>();
        if (status.getConditions() != null) {
            status.getConditions().stream().filter(c -> !type.equals(c.getType())).forEach(out::add);
        }
        return out;
    }

    static Instant parse(String ts) {
        return ts == null || ts.isEmpty() ? Instant.EPOCH : Instant.parse(ts);
    }
}
