package dev.capstan.controllers.disruption;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Upstream's disruption controller ({@code pkg/controller/disruption}): keeps each PodDisruptionBudget's
 * status — expected, desired and current healthy pods, disruptions allowed and the DisruptionAllowed
 * condition — which the eviction API reads. Expected pods for percentages and maxUnavailable come from the
 * pods' controllers' replicas (ReplicaSet, Deployment, StatefulSet, ReplicationController, as upstream's
 * finders); controllers known only through the generic scale subresource are not looked up.
 */
public class DisruptionController implements Controller {

    private final ControllerContext context;
    private final Lister<PodDisruptionBudget> budgets;
    private final Lister<Pod> pods;
    private final List<ControllerScale.Finder> finders;
    private final EventRecorder events;
    private final Clock clock;

    public DisruptionController(ControllerContext context) {
        this(context, Clock.systemUTC());
    }

    DisruptionController(ControllerContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
        this.budgets = context.lister(PodDisruptionBudget.class);
        this.pods = context.lister(Pod.class);
        this.events = context.events("controllermanager");
        this.finders = ScaleFinders.of(context.lister(ReplicaSet.class), context.lister(Deployment.class),
                context.lister(StatefulSet.class), context.lister(ReplicationController.class));
    }

    @Override
    public String name() {
        return "disruption";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(PodDisruptionBudget.class);
        watches.mapped(Pod.class, this::budgetsSelecting);
    }

    private Collection<ObjectKey> budgetsSelecting(Pod pod) {
        return budgets.list(pod.getMetadata().getNamespace()).stream()
                .filter(pdb -> SelectorMatch.matches(pdb.getSpec().getSelector(), pod.getMetadata().getLabels()))
                .map(ObjectKey::of).toList();
    }

    @Override
    public Result reconcile(ObjectKey key) {
        PodDisruptionBudget pdb = budgets.get(key);
        if (pdb == null) {
            return Result.done();
        }
        List<Pod> selected = pods.list(key.namespace()).stream()
                .filter(p -> SelectorMatch.matches(pdb.getSpec().getSelector(), p.getMetadata().getLabels())).toList();
        if (selected.isEmpty()) {
            events.normal(pdb, "NoPods", "No matching pods found");
        }
        Instant now = clock.instant();
        DisruptionSync.Outcome outcome;
        try {
            outcome = DisruptionSync.compute(pdb, selected, finders, now);
        } catch (IllegalStateException e) {
            events.warning(pdb, "CalculateExpectedPodCountFailed", "Failed to calculate the number of expected pods: " + e.getMessage());
            writeStatus(pdb, PdbStatus.failSafe(pdb, e.getMessage(), now));
            throw e;
        }
        if (!outcome.unmanagedPods().isEmpty()) {
            events.warning(pdb, "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: " + pdb.getSpec().getSelector()
                    + ") were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may"
                    + " result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB"
                    + " to an integer value.");
        }
        for (String name : outcome.notDeleted()) {
            events.warning(pdb, "NotDeleted", "Pod was expected by PDB %s/%s to be deleted but it wasn't"
                    .formatted(key.namespace(), key.name()));
        }
        PodDisruptionBudgetStatus status = PdbStatus.updated(pdb, outcome, now);
        if (status != null) {
            writeStatus(pdb, status);
        }
        return outcome.recheck() == null ? Result.done()
                : Result.requeueAfter(Duration.between(now, outcome.recheck()).plusMillis(1));
    }

    private void writeStatus(PodDisruptionBudget pdb, PodDisruptionBudgetStatus status) {
        PodDisruptionBudget updated = new PodDisruptionBudgetBuilder(pdb).withStatus(status).build();
        context.client().resources(PodDisruptionBudget.class).inNamespace(pdb.getMetadata().getNamespace())
                .resource(updated).updateStatus();
    }
}
