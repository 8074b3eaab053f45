package dev.capstan.controllers.daemonset;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.runtime.ControllerRunner;
import dev.capstan.controllers.statefulset.TemplateRevision;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Upstream's DaemonSet controller (pkg/controller/daemon): one pod per eligible node, bound to it through a
 * required node affinity {@code matchFields metadata.name} (the scheduler places it), removed from nodes
 * that stop being eligible, rolled node by node within {@code maxUnavailable}/{@code maxSurge}.
 *
 * <p>Upstream records templates in {@code ControllerRevision} objects, which Capstan does not serve: the
 * revision here is a stable FNV hash of the pod template's JSON ({@link TemplateRevision}), set as the pods'
 * {@code controller-revision-hash} label (the hash alone, as upstream labels daemon pods); a pod whose label
 * differs is of an old template. Rollback to an older template is therefore not possible.
 */
public final class DaemonSetController implements Controller {

    static final String COMPONENT = "daemonset-controller";

    private final ControllerContext context;
    private final Lister<DaemonSet> daemonSets;
    private final Lister<Pod> pods;
    private final Lister<Node> nodes;
    private final EventRecorder events;
    private final PendingWrites pending = new PendingWrites(Clock.systemUTC());

    public DaemonSetController(ControllerContext context) {
        this.context = context;
        this.daemonSets = context.lister(DaemonSet.class);
        this.pods = context.lister(Pod.class);
        this.nodes = context.lister(Node.class);
        this.events = context.events(COMPONENT);
    }

    @Override
    public String name() {
        return "daemonset";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(DaemonSet.class);
        watches.controlledBy(Pod.class, "DaemonSet");
        // any node change may change which nodes are eligible for every DaemonSet
        watches.mapped(Node.class, node -> daemonSets.list(null).stream().map(ObjectKey::of).toList());
    }

    @Override
    public Result reconcile(ObjectKey key) {
        DaemonSet ds = daemonSets.get(key);
        if (ds == null) {
            pending.forget(key);
            return Result.done();
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        List<Pod> owned = pods.list(key.namespace()).stream().filter(p -> ownedBy(p, ds)).toList();
        if (!pending.satisfied(key, owned)) {
            return Result.requeueAfter(Duration.ofSeconds(1)); // our own writes are not in the cache yet
        }
        Instant now = Instant.now();
        DaemonSetPlan plan = DaemonSetSync.plan(ds, nodes.list(null), owned, now);
        Set<String> created = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        try {
            for (String name : plan.delete()) {
                delete(ds, name);
                deleted.add(name);
            }
            String hash = TemplateRevision.hash(ds.getSpec().getTemplate());
            for (String node : plan.createOn()) {
                created.add(create(ds, node, hash));
            }
        } finally {
            pending.record(key, created, deleted);
        }
        writeStatus(ds, plan.status());
        return requeueForAvailability(ds, plan.status());
    }

    private static boolean ownedBy(Pod pod, DaemonSet ds) {
        OwnerReference owner = ControllerRunner.controllerOf(pod);
        return owner != null && Objects.equals(owner.getUid(), ds.getMetadata().getUid());
    }

    private String create(DaemonSet ds, String node, String hash) {
        Pod pod = DaemonPods.newPod(ds, node, hash);
        try {
            Pod created = context.client().pods().inNamespace(ds.getMetadata().getNamespace()).resource(pod).create();
            events.normal(ds, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
            return created.getMetadata().getName();
        } catch (KubernetesClientException e) {
            events.warning(ds, "FailedCreate", "Error creating: " + e.getMessage());
            throw e;
        }
    }

    private void delete(DaemonSet ds, String name) {
        try {
            context.client().pods().inNamespace(ds.getMetadata().getNamespace()).withName(name).delete();
            events.normal(ds, "SuccessfulDelete", "Deleted pod: " + name);
        } catch (KubernetesClientException e) {
            events.warning(ds, "FailedDelete", "Error deleting: " + e.getMessage());
            throw e;
        }
    }

    private void writeStatus(DaemonSet ds, DaemonSetStatus status) {
        if (status.equals(ds.getStatus())) {
            return;
        }
        DaemonSet copy = new DaemonSetBuilder(ds).withStatus(status).build();
        try {
            context.client().apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()).resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
            // a newer DaemonSet is on its way through the informer and queues another sync
        }
    }

    private static Result requeueForAvailability(DaemonSet ds, DaemonSetStatus status) {
        Integer minReady = ds.getSpec().getMinReadySeconds();
        if (minReady != null && minReady > 0 && !Objects.equals(status.getNumberAvailable(), status.getNumberReady())) {
            return Result.requeueAfter(Duration.ofSeconds(minReady));
        }
        return Result.done();
    }
}
