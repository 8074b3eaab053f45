package dev.capstan.controllers.deployment;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.runtime.ControllerRunner;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Upstream's deployment controller (pkg/controller/deployment, sync.go): rolls a Deployment's pod template out
 * through ReplicaSets, RollingUpdate or Recreate, scales proportionally, honours pause, keeps the revision
 * history and reports status and conditions. Decisions live in the pure planners; this class sequences them
 * and writes.
 */
public class DeploymentController implements Controller {

    private final Lister<Deployment> deployments;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final DeploymentWrites writes;
    private final NewReplicaSetSync newReplicaSets;
    private final Clock clock;

    public DeploymentController(ControllerContext context) {
        this(context, Clock.systemUTC());
    }

    DeploymentController(ControllerContext context, Clock clock) {
        this.deployments = context.lister(Deployment.class);
        this.replicaSets = context.lister(ReplicaSet.class);
        this.pods = context.lister(Pod.class);
        this.writes = new DeploymentWrites(context.client(), context.events("deployment-controller"));
        this.newReplicaSets = new NewReplicaSetSync(writes, replicaSets, clock);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Deployment.class);
        watches.controlledBy(ReplicaSet.class, "Deployment");
        // Recreate waits for the old pods to be gone, so their events matter (upstream deletePod).
        watches.mapped(Pod.class, this::recreateDeploymentOf);
    }

    private List<ObjectKey> recreateDeploymentOf(Pod pod) {
        OwnerReference rsRef = ControllerRunner.controllerOf(pod);
        if (rsRef == null || !"ReplicaSet".equals(rsRef.getKind())) {
            return List.of();
        }
        ReplicaSet rs = replicaSets.get(pod.getMetadata().getNamespace(), rsRef.getName());
        OwnerReference dRef = rs == null ? null : ControllerRunner.controllerOf(rs);
        if (dRef == null || !"Deployment".equals(dRef.getKind())) {
            return List.of();
        }
        Deployment d = deployments.get(pod.getMetadata().getNamespace(), dRef.getName());
        return d != null && Rollouts.isRecreate(d) ? List.of(ObjectKey.of(d)) : List.of();
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Deployment cached = deployments.get(key);
        if (cached == null) {
            return Result.done();
        }
        Deployment d = Serialization.clone(cached);
        if (LabelSelectors.isEmpty(d.getSpec().getSelector())) {
            writes.events().warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            long observed = d.getStatus() == null ? 0 : DeploymentStatuses.l(d.getStatus().getObservedGeneration());
            if (observed < DeploymentStatuses.l(d.getMetadata().getGeneration())) {
                DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
                status.setObservedGeneration(d.getMetadata().getGeneration());
                writes.updateStatus(d, status);
            }
            return Result.done();
        }
        List<ReplicaSet> rsList = claimReplicaSets(d);
        if (d.getMetadata().getDeletionTimestamp() != null) {
            return syncStatusOnly(d, rsList);
        }
        checkPausedConditions(d);
        if (Boolean.TRUE.equals(d.getSpec().getPaused()) || isScalingEvent(d, rsList)) {
            return sync(d, rsList);
        }
        return Rollouts.isRecreate(d) ? new RecreateRollout(this).rollout(d, rsList) : rolloutRolling(d, rsList);
    }

    /** Ours by controller reference, plus orphans the selector matches (adopted); upstream ClaimReplicaSets. */
    private List<ReplicaSet> claimReplicaSets(Deployment d) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : replicaSets.list(d.getMetadata().getNamespace())) {
            OwnerReference ref = ControllerRunner.controllerOf(rs);
            boolean selected = LabelSelectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabels());
            if (ref != null) {
                if (Objects.equals(ref.getUid(), d.getMetadata().getUid()) && selected) {
                    out.add(rs);
                }
            } else if (selected && d.getMetadata().getDeletionTimestamp() == null && rs.getMetadata().getDeletionTimestamp() == null) {
                out.add(writes.adopt(d, rs));
            }
        }
        return out;
    }

    /** The new ReplicaSet (created when asked) and all old ones (upstream getAllReplicaSetsAndSyncRevision). */
    record Sets(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        List<ReplicaSet> all() {
            return ReplicaSets.all(oldRSs, newRS);
        }
    }

    /**
     * {@code rsList} is the reconcile's own mutable list: the new ReplicaSet as written replaces (or joins) the
     * cached one, so a second call in the same reconcile does not write again from a stale copy.
     */
    Sets allReplicaSets(Deployment d, List<ReplicaSet> rsList, boolean create) {
        List<ReplicaSet> old = ReplicaSets.findOld(d, rsList);
        ReplicaSet newRS = newReplicaSets.get(d, rsList, old, create);
        if (newRS != null) {
            rsList.removeIf(rs -> rs.getMetadata().getName().equals(newRS.getMetadata().getName()));
            rsList.add(newRS);
        }
        return new Sets(newRS, old);
    }

    private Result syncStatusOnly(Deployment d, List<ReplicaSet> rsList) {
        Sets sets = allReplicaSets(d, rsList, false);
        return syncDeploymentStatus(d, sets.all(), sets.newRS());
    }

    /** Paused or scaling: proportional scaling only, no rollout (upstream sync). */
    private Result sync(Deployment d, List<ReplicaSet> rsList) {
        Sets sets = allReplicaSets(d, rsList, false);
        Map<String, ReplicaSet> current = byName(sets.all());
        writes.scaleAll(d, current, ProportionalScaler.scale(d, sets.newRS(), sets.oldRSs()));
        Sets scaled = refreshed(sets, current);
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            cleanupHistory(d, scaled.oldRSs());
        }
        return syncDeploymentStatus(d, scaled.all(), scaled.newRS());
    }

    /** Whether spec.replicas differs from the desired-replicas annotation of an active ReplicaSet (upstream isScalingEvent). */
    private boolean isScalingEvent(Deployment d, List<ReplicaSet> rsList) {
        Sets sets = allReplicaSets(d, rsList, false);
        for (ReplicaSet rs : ReplicaSets.active(sets.all())) {
            Integer desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
            if (desired != null && desired != Rollouts.replicas(d)) {
                return true;
            }
        }
        return false;
    }

    private Result rolloutRolling(Deployment d, List<ReplicaSet> rsList) {
        Sets sets = allReplicaSets(d, rsList, true);
        Map<String, ReplicaSet> current = byName(sets.all());
        Integer target = RollingPlanner.newReplicaSetTarget(d, sets.all(), sets.newRS());
        if (target != null && writes.scale(d, current, Scaling.to(sets.newRS().getMetadata().getName(), target))) {
            Sets scaled = refreshed(sets, current);
            return syncRolloutStatus(d, scaled.all(), scaled.newRS());
        }
        List<Scaling> downs = RollingPlanner.oldReplicaSetScaleDowns(d, sets.all(), ReplicaSets.active(sets.oldRSs()), sets.newRS());
        if (writes.scaleAll(d, current, downs)) {
            Sets scaled = refreshed(sets, current);
            return syncRolloutStatus(d, scaled.all(), scaled.newRS());
        }
        if (DeploymentStatuses.complete(d, d.getStatus())) {
            cleanupHistory(d, sets.oldRSs());
        }
        return syncRolloutStatus(d, sets.all(), sets.newRS());
    }

    void cleanupHistory(Deployment d, List<ReplicaSet> oldRSs) {
        for (ReplicaSet rs : HistoryCleanup.toDelete(d, oldRSs)) {
            writes.delete(rs);
        }
    }

    /** Upstream checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
    private void checkPausedConditions(Deployment d) {
        if (!DeploymentStatuses.hasProgressDeadline(d)) {
            return;
        }
        DeploymentCondition cond = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        if (cond != null && Conditions.TIMED_OUT_REASON.equals(cond.getReason())) {
            return;
        }
        boolean pausedCondExists = cond != null && Conditions.PAUSED_REASON.equals(cond.getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        if (paused && !pausedCondExists) {
            Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "Unknown", Conditions.PAUSED_REASON,
                    "Deployment is paused", clock.instant()));
        } else if (!paused && pausedCondExists) {
            Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "Unknown", Conditions.RESUMED_REASON,
                    "Deployment is resumed", clock.instant()));
        } else {
            return;
        }
        writes.updateStatus(d, status);
    }

    Result syncDeploymentStatus(Deployment d, List<ReplicaSet> allRSs, ReplicaSet newRS) {
        DeploymentStatus status = DeploymentStatuses.calculate(d, allRSs, newRS, clock.instant());
        if (!DeploymentStatuses.same(d.getStatus(), status)) {
            writes.updateStatus(d, status);
        }
        return Result.done();
    }

    Result syncRolloutStatus(Deployment d, List<ReplicaSet> allRSs, ReplicaSet newRS) {
        DeploymentStatus status = DeploymentStatuses.rollout(d, allRSs, newRS, clock.instant());
        if (DeploymentStatuses.same(d.getStatus(), status)) {
            Duration after = DeploymentStatuses.requeueAfter(d, status, clock.instant());
            if (after == null) {
                return Result.done();
            }
            return Result.requeueAfter(after.isZero() ? Duration.ofSeconds(1) : after);
        }
        writes.updateStatus(d, status);
        return Result.done();
    }

    DeploymentWrites writes() {
        return writes;
    }

    List<Pod> podsOf(Deployment d, List<ReplicaSet> rsList) {
        Set<String> uids = rsList.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
        return pods.list(d.getMetadata().getNamespace()).stream()
                .filter(p -> LabelSelectors.matches(d.getSpec().getSelector(), p.getMetadata().getLabels()))
                .filter(p -> {
                    OwnerReference ref = ControllerRunner.controllerOf(p);
                    return ref != null && uids.contains(ref.getUid());
                }).toList();
    }

    static Map<String, ReplicaSet> byName(List<ReplicaSet> rss) {
        Map<String, ReplicaSet> m = new LinkedHashMap<>();
        rss.forEach(rs -> m.put(rs.getMetadata().getName(), rs));
        return m;
    }

    /** The sets with each ReplicaSet replaced by its latest written copy. */
    static Sets refreshed(Sets sets, Map<String, ReplicaSet> current) {
        ReplicaSet newRS = sets.newRS() == null ? null : current.get(sets.newRS().getMetadata().getName());
        List<ReplicaSet> old = sets.oldRSs().stream().map(rs -> current.get(rs.getMetadata().getName())).toList();
        return new Sets(newRS, old);
    }
}
