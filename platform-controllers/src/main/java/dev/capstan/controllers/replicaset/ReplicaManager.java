package dev.capstan.controllers.replicaset;

import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.runtime.ControllerRunner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Upstream's {@code syncReplicaSet}, shared by the ReplicaSet and ReplicationController controllers: claim
 * pods (adopt orphans, release mismatches), create or delete pods when the expectations are satisfied and
 * the owner is not being deleted, then write the status when it changed.
 */
final class ReplicaManager<T extends HasMetadata> {

    /** Pod writes in flight at once per kind. */
    private static final int POOL = 16;

    private final ReplicaKind<T> kind;
    private final ControllerContext context;
    private final Lister<T> owners;
    private final Lister<Pod> pods;
    private final PodExpectations expectations = new PodExpectations();
    private final PodWrites writes;
    private final Clock clock;

    ReplicaManager(ReplicaKind<T> kind, ControllerContext context, Clock clock) {
        this.kind = kind;
        this.context = context;
        this.clock = clock;
        this.owners = context.lister(kind.type());
        this.pods = context.lister(Pod.class);
        // upstream runs a batch's creates (and a sync's deletes) as goroutines; a bounded pool does here, so a
        // burst of 500 does not start 500 threads
        ThreadPoolExecutor executor = new ThreadPoolExecutor(POOL, POOL, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, kind.component() + "-pods");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.writes = new PodWrites(context.client(), context.events(kind.component()), expectations, executor);
    }

    /**
     * Pods through one mapped source rather than {@code controlledBy}: the same hook that routes an owned pod to
     * its owner also records it for the owner's expectations, and routes orphans to owners that may adopt them.
     */
    void watch(Watches watches) {
        watches.self(kind.type());
        watches.mapped(Pod.class, this::ownersOf);
    }

    /**
     * The owner controlling the pod (noting the pod for its expectations), or, for an orphan, every owner of
     * the kind in its namespace whose selector matches it, so one of them adopts it.
     */
    private Collection<ObjectKey> ownersOf(Pod pod) {
        OwnerReference controller = ControllerRunner.controllerOf(pod);
        String namespace = pod.getMetadata().getNamespace();
        if (controller != null) {
            if (!kind.kind().equals(controller.getKind())) {
                return List.of();
            }
            ObjectKey key = new ObjectKey(namespace, controller.getName());
            expectations.observe(key, pod);
            return List.of(key);
        }
        List<ObjectKey> keys = new ArrayList<>();
        for (T owner : owners.list(namespace)) {
            if (kind.view(owner).selector().matches(pod.getMetadata().getLabels())) {
                keys.add(ObjectKey.of(owner));
            }
        }
        return keys;
    }

    Result reconcile(ObjectKey key) throws Exception {
        T object = owners.get(key);
        if (object == null) {
            expectations.delete(key);
            return Result.done();
        }
        ReplicaOwner owner = kind.view(object);
        boolean needsSync = expectations.satisfied(key, pods);
        List<Pod> active = PodStates.active(pods.list(key.namespace()));
        List<Pod> claimed = claim(owner, active);

        String manageError = null;
        if (needsSync && !owner.deleting()) {
            manageError = manage(key, object, owner, claimed);
        }
        ReplicaStatus status = ReplicaStatusCalculator.calculate(owner, claimed, manageError, clock.instant());
        if (ReplicaStatusCalculator.needsUpdate(owner, status)) {
            writeStatus(key, object, ReplicaStatusCalculator.observed(owner, status));
        }
        if (manageError != null) {
            throw new IllegalStateException(manageError);
        }
        Duration next = ReplicaStatusCalculator.nextAvailabilityCheck(owner, claimed, clock.instant());
        return next == null ? Result.done() : Result.requeueAfter(next);
    }

    /**
     * Upstream's {@code updateReplicaSetStatus}: one retry on a fresh copy, since the cached object is often just
     * behind the controller's own previous status write. The status is the one computed for the cached object.
     */
    private void writeStatus(ObjectKey key, T object, ReplicaStatus status) {
        try {
            context.client().resources(kind.type()).inNamespace(key.namespace()).resource(kind.withStatus(object, status))
                    .updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            T fresh = context.client().resources(kind.type()).inNamespace(key.namespace()).withName(key.name()).get();
            if (fresh == null) {
                return;
            }
            context.client().resources(kind.type()).inNamespace(key.namespace()).resource(kind.withStatus(fresh, status))
                    .updateStatus();
        }
    }

    private String manage(ObjectKey key, T object, ReplicaOwner owner, List<Pod> claimed) throws InterruptedException {
        int change = ReplicaPlan.change(claimed.size(), owner.replicas());
        if (change > 0) {
            return writes.create(key, object, owner, change);
        }
        if (change < 0) {
            List<Pod> doomed = PodDeletionOrder.podsToDelete(claimed, relatedPods(owner), -change, clock.instant());
            return writes.delete(key, object, owner, doomed);
        }
        return null;
    }

    /** Adopts and releases as {@link PodClaims} decides; returns the pods the owner controls afterwards. */
    private List<Pod> claim(ReplicaOwner owner, List<Pod> active) {
        PodClaims claims = PodClaims.claim(owner, active);
        List<Pod> claimed = new ArrayList<>(claims.owned());
        List<String> errors = new ArrayList<>();
        String cannotAdopt = claims.adopt().isEmpty() ? null : cannotAdopt(owner);
        for (Pod pod : claims.adopt()) {
            String prefix = "can't adopt Pod %s/%s (%s): ".formatted(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    pod.getMetadata().getUid());
            if (cannotAdopt != null) {
                errors.add(prefix + cannotAdopt);
                continue;
            }
            try {
                writes.adopt(owner, pod);
                claimed.add(pod);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    errors.add(prefix + PodWrites.message(e));
                }
            }
        }
        for (Pod pod : claims.release()) {
            writes.release(owner, pod);
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(String.join("; ", errors));
        }
        return claimed;
    }

    /**
     * Upstream's {@code RecheckDeletionTimestamp}: before adopting, read the owner from the API (not the cache)
     * so a just-deleted or recreated owner does not take pods. Null when adoption may go ahead.
     */
    private String cannotAdopt(ReplicaOwner owner) {
        T fresh = context.client().resources(kind.type()).inNamespace(owner.namespace()).withName(owner.name()).get();
        if (fresh == null || !owner.uid().equals(fresh.getMetadata().getUid())) {
            return "original %s/%s is gone: got uid %s, wanted %s".formatted(owner.namespace(), owner.name(),
                    fresh == null ? "" : fresh.getMetadata().getUid(), owner.uid());
        }
        if (fresh.getMetadata().getDeletionTimestamp() != null) {
            return "%s/%s has just been deleted at %s".formatted(owner.namespace(), owner.name(),
                    fresh.getMetadata().getDeletionTimestamp());
        }
        return null;
    }

    /** Pods selected by this owner and its siblings (owners with the same controller), for the node ranking. */
    private List<Pod> relatedPods(ReplicaOwner owner) {
        if (owner.controllerUid() == null) {
            return List.of();
        }
        List<Pod> related = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (T sibling : owners.list(owner.namespace())) {
            OwnerReference controller = ControllerRunner.controllerOf(sibling);
            if (controller == null || !owner.controllerUid().equals(controller.getUid())) {
                continue;
            }
            LabelMatcher selector = kind.view(sibling).selector();
            for (Pod pod : pods.list(owner.namespace())) {
                if (selector.matches(pod.getMetadata().getLabels()) && seen.add(pod.getMetadata().getUid())) {
                    related.add(pod);
                }
            }
        }
        return related;
    }
}
