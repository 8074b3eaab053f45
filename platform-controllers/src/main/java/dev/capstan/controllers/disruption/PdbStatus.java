package dev.capstan.controllers.disruption;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The PDB status to write (upstream {@code updatePdbStatus}, {@code failSafe}, {@code UpdateDisruptionAllowedCondition}). */
public final class PdbStatus {

    public static final String DISRUPTION_ALLOWED = "DisruptionAllowed";
    public static final String SUFFICIENT_PODS = "SufficientPods";
    public static final String INSUFFICIENT_PODS = "InsufficientPods";
    public static final String SYNC_FAILED = "SyncFailed";

    private PdbStatus() {
    }

    /** The new status, or null when the stored one already says this (no write). */
    public static PodDisruptionBudgetStatus updated(PodDisruptionBudget pdb, DisruptionSync.Outcome outcome, Instant now) {
        PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
        long generation = pdb.getMetadata().getGeneration() == null ? 0 : pdb.getMetadata().getGeneration();
        Map<String, String> oldDisrupted = old.getDisruptedPods() == null ? Map.of() : old.getDisruptedPods();
        if (Objects.equals(old.getCurrentHealthy(), outcome.currentHealthy())
                && Objects.equals(old.getDesiredHealthy(), outcome.desiredHealthy())
                && Objects.equals(old.getExpectedPods(), outcome.expectedPods())
                && Objects.equals(old.getDisruptionsAllowed(), outcome.disruptionsAllowed())
                && oldDisrupted.equals(outcome.disruptedPods())
                && Objects.equals(old.getObservedGeneration(), generation)
                && conditionUpToDate(old)) {
            return null;
        }
        boolean allowed = outcome.disruptionsAllowed() > 0;
        return new PodDisruptionBudgetStatusBuilder().withCurrentHealthy(outcome.currentHealthy())
                .withDesiredHealthy(outcome.desiredHealthy()).withExpectedPods(outcome.expectedPods())
                .withDisruptionsAllowed(outcome.disruptionsAllowed()).withDisruptedPods(outcome.disruptedPods())
                .withObservedGeneration(generation)
                .withConditions(setCondition(old.getConditions(), allowed ? "True" : "False",
                        allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS, "", generation, now))
                .build();
    }

    /** Upstream {@code failSafe}: when the numbers cannot be worked out, no disruption is allowed. */
    public static PodDisruptionBudgetStatus failSafe(PodDisruptionBudget pdb, String message, Instant now) {
        PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
        long observed = old.getObservedGeneration() == null ? 0 : old.getObservedGeneration();
        return new PodDisruptionBudgetStatusBuilder(old).withDisruptionsAllowed(0)
                .withConditions(setCondition(old.getConditions(), "False", SYNC_FAILED, message, observed, now)).build();
    }

    /** Upstream {@code ConditionsAreUpToDate}: the condition matches the allowed count and the observed generation. */
    static boolean conditionUpToDate(PodDisruptionBudgetStatus status) {
        Condition condition = find(status.getConditions());
        if (condition == null || !Objects.equals(condition.getObservedGeneration(), status.getObservedGeneration())) {
            return false;
        }
        boolean allowed = status.getDisruptionsAllowed() != null && status.getDisruptionsAllowed() > 0;
        return allowed ? "True".equals(condition.getStatus()) && SUFFICIENT_PODS.equals(condition.getReason())
                : "False".equals(condition.getStatus()) && INSUFFICIENT_PODS.equals(condition.getReason());
    }

    /** Upstream {@code meta.SetStatusCondition}: the transition time moves only when the status flips. */
    static List<Condition> setCondition(List<Condition> conditions, String status, String reason, String message,
                                        long observedGeneration, Instant now) {
        List<Condition> result = new ArrayList<>();
        Condition existing = find(conditions);
        String transition = existing != null && status.equals(existing.getStatus()) && existing.getLastTransitionTime() != null
                ? existing.getLastTransitionTime() : now.toString();
        Condition updated = new ConditionBuilder().withType(DISRUPTION_ALLOWED).withStatus(status).withReason(reason)
                .withMessage(message).withObservedGeneration(observedGeneration).withLastTransitionTime(transition).build();
        for (Condition condition : conditions == null ? List.<Condition>of() : conditions) {
            result.add(condition == existing ? updated : condition);
        }
        if (existing == null) {
            result.add(updated);
        }
        return result;
    }

    private static Condition find(List<Condition> conditions) {
        return conditions == null ? null
                : conditions.stream().filter(c -> DISRUPTION_ALLOWED.equals(c.getType())).findFirst().orElse(null);
    }
}
