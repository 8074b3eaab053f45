package dev.capstan.controllers.statefulset;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.runtime.ControllerRunner;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Upstream's StatefulSet controller (pkg/controller/statefulset): pods with stable names
 * {@code <set>-<ordinal>}, hostnames and claims, created and removed in order ({@code OrderedReady}) or all
 * at once ({@code Parallel}), and rolled to a new template from the highest ordinal down.
 *
 * <p>Upstream keeps each template in a {@code ControllerRevision}; Capstan does not serve those, so a
 * revision here is {@code <set>-<hash>} with the hash a stable FNV hash of the pod template's JSON
 * ({@link TemplateRevision}). It is written to {@code status.currentRevision}/{@code updateRevision} and the
 * pods' {@code controller-revision-hash} label, exactly where upstream puts the revision name. As old
 * templates are not stored, a pod recreated below the partition gets the current template.
 */
public final class StatefulSetController implements Controller {

    static final String COMPONENT = "statefulset-controller";

    private final ControllerContext context;
    private final Lister<StatefulSet> sets;
    private final Lister<Pod> pods;
    private final Lister<PersistentVolumeClaim> claims;
    private final EventRecorder events;

    public StatefulSetController(ControllerContext context) {
        this.context = context;
        this.sets = context.lister(StatefulSet.class);
        this.pods = context.lister(Pod.class);
        this.claims = context.lister(PersistentVolumeClaim.class);
        this.events = context.events(COMPONENT);
    }

    @Override
    public String name() {
        return "statefulset";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(StatefulSet.class);
        watches.controlledBy(Pod.class, "StatefulSet");
    }

    @Override
    public Result reconcile(ObjectKey key) {
        StatefulSet set = sets.get(key);
        if (set == null || set.getMetadata().getDeletionTimestamp() != null) {
            return Result.done(); // its pods go with it through the garbage collector
        }
        List<Pod> owned = pods.list(key.namespace()).stream().filter(p -> ownedBy(p, set)).toList();
        Instant now = Instant.now();
        StatefulSetPlan plan = StatefulSetSync.plan(set, owned, now);
        for (String name : plan.delete()) {
            delete(set, name);
        }
        for (int ordinal : plan.create()) {
            createClaims(set, ordinal);
            create(set, ordinal, plan.status().getUpdateRevision());
        }
        // upstream recreates a missing claim of a running pod too (the pod references it by name)
        int start = StatefulSetSync.startOrdinal(set);
        int end = start + StatefulSetSync.replicas(set);
        for (Pod pod : owned) {
            int ordinal = StatefulSetSync.ordinal(set.getMetadata().getName(), pod);
            if (ordinal >= start && ordinal < end && !PodState.isTerminating(pod)
                    && !plan.delete().contains(pod.getMetadata().getName())) {
                createClaims(set, ordinal);
            }
        }
        writeStatus(set, plan.status());
        return requeueForAvailability(set, plan.status());
    }

    private static boolean ownedBy(Pod pod, StatefulSet set) {
        OwnerReference owner = ControllerRunner.controllerOf(pod);
        return owner != null && Objects.equals(owner.getUid(), set.getMetadata().getUid());
    }

    private void createClaims(StatefulSet set, int ordinal) {
        String ns = set.getMetadata().getNamespace();
        for (PersistentVolumeClaim claim : StatefulSetPods.claims(set, ordinal)) {
            if (claims.get(ns, claim.getMetadata().getName()) != null) {
                continue;
            }
            try {
                context.client().persistentVolumeClaims().inNamespace(ns).resource(claim).create();
                events.normal(set, "SuccessfulCreate", "create Claim %s Pod %s in StatefulSet %s success"
                        .formatted(claim.getMetadata().getName(), StatefulSetPods.podName(set, ordinal), set.getMetadata().getName()));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    events.warning(set, "FailedCreate", "create Claim %s for Pod %s in StatefulSet %s failed error: %s"
                            .formatted(claim.getMetadata().getName(), StatefulSetPods.podName(set, ordinal),
                                    set.getMetadata().getName(), e.getMessage()));
                    throw e;
                }
            }
        }
    }

    private void create(StatefulSet set, int ordinal, String revision) {
        String ns = set.getMetadata().getNamespace();
        Pod pod = StatefulSetPods.newPod(set, ordinal, revision);
        try {
            context.client().pods().inNamespace(ns).resource(pod).create();
            events.normal(set, "SuccessfulCreate", "create Pod %s in StatefulSet %s successful"
                    .formatted(pod.getMetadata().getName(), set.getMetadata().getName()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return; // our cache is behind our own earlier create: the name is the pod's identity
            }
            events.warning(set, "FailedCreate", "create Pod %s in StatefulSet %s failed error: %s"
                    .formatted(pod.getMetadata().getName(), set.getMetadata().getName(), e.getMessage()));
            throw e;
        }
    }

    private void delete(StatefulSet set, String name) {
        try {
            context.client().pods().inNamespace(set.getMetadata().getNamespace()).withName(name).delete();
            events.normal(set, "SuccessfulDelete", "delete Pod %s in StatefulSet %s successful"
                    .formatted(name, set.getMetadata().getName()));
        } catch (KubernetesClientException e) {
            events.warning(set, "FailedDelete", "delete Pod %s in StatefulSet %s failed error: %s"
                    .formatted(name, set.getMetadata().getName(), e.getMessage()));
            throw e;
        }
    }

    private void writeStatus(StatefulSet set, StatefulSetStatus status) {
        if (status.equals(set.getStatus())) {
            return;
        }
        StatefulSet copy = new StatefulSetBuilder(set).withStatus(status).build();
        try {
            context.client().apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
            // conflict: a newer set is on its way through the informer and queues another sync
        }
    }

    /** Pods ready but not yet available for minReadySeconds: look again when they will be (upstream requeues too). */
    private static Result requeueForAvailability(StatefulSet set, StatefulSetStatus status) {
        Integer minReady = set.getSpec().getMinReadySeconds();
        if (minReady != null && minReady > 0 && !Objects.equals(status.getAvailableReplicas(), status.getReadyReplicas())) {
            return Result.requeueAfter(Duration.ofSeconds(minReady));
        }
        return Result.done();
    }
}
