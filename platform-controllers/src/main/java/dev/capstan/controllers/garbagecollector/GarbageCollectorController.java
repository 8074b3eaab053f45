package dev.capstan.controllers.garbagecollector;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Upstream's garbage collector (pkg/controller/garbagecollector), level-based over the shared informers of
 * the kinds Capstan serves that own or are owned. Instead of upstream's in-memory graph it answers "who
 * depends on X" by scanning X's namespace in the caches (dependents live in their owner's namespace), and
 * "is owner X gone" from the cache, confirmed by a live GET. Keys are {@link GcKey}s ({@code Kind|name}).
 * <ul>
 *   <li>a dependent whose owners are all gone is deleted (background, or honouring its own finalizers);
 *       with only some gone, their references are removed;</li>
 *   <li>an owner deleting with {@code foregroundDeletion}: its dependents are deleted (foreground when they
 *       have dependents of their own), and the finalizer is removed once no {@code blockOwnerDeletion}
 *       dependent exists;</li>
 *   <li>an owner deleting with {@code orphan}: its references are removed from its dependents, then the finalizer.</li>
 * </ul>
 */
public final class GarbageCollectorController implements Controller {

    /** The kinds tracked, by kind name (ControllerRevision is not served). */
    static final Map<String, Class<? extends HasMetadata>> KINDS = kinds();

    /** A safety net while an owner waits for dependents; their deletion events normally requeue it sooner. */
    private static final Duration WAITING_RECHECK = Duration.ofSeconds(30);

    private final ControllerContext context;
    private final GcWriter writer;
    private final Map<String, Lister<? extends HasMetadata>> listers = new LinkedHashMap<>();

    public GarbageCollectorController(ControllerContext context) {
        this.context = context;
        this.writer = new GcWriter(context.client());
        KINDS.forEach((kind, type) -> listers.put(kind, context.lister(type)));
    }

    private static Map<String, Class<? extends HasMetadata>> kinds() {
        Map<String, Class<? extends HasMetadata>> kinds = new LinkedHashMap<>();
        for (Class<? extends HasMetadata> type : List.of(Deployment.class, ReplicaSet.class, ReplicationController.class,
                StatefulSet.class, DaemonSet.class, CronJob.class, Job.class, Pod.class, Service.class, Endpoints.class,
                EndpointSlice.class, ConfigMap.class, Secret.class, ServiceAccount.class, PersistentVolumeClaim.class)) {
            kinds.put(type.getSimpleName(), type);
        }
        return Map.copyOf(kinds);
    }

    @Override
    public String name() {
        return "garbagecollector";
    }

    @Override
    public void watch(Watches watches) {
        KINDS.forEach((kind, type) -> watch(watches, kind, type));
    }

    private <T extends HasMetadata> void watch(Watches watches, String kind, Class<T> type) {
        watches.mapped(type, object -> keysFor(kind, object));
    }

    /**
     * What an event of {@code object} asks to look at: the object itself when it has owners or a GC finalizer;
     * when it is gone or deleting, its owners (one may be waiting for it); when it is gone or waits for its
     * dependents, its dependents. The cache is updated before handlers run, so "not in the cache" means deleted.
     */
    Collection<ObjectKey> keysFor(String kind, HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        HasMetadata current = listers.get(kind).get(ns, object.getMetadata().getName());
        boolean gone = current == null || !Objects.equals(current.getMetadata().getUid(), object.getMetadata().getUid());
        boolean deleting = object.getMetadata().getDeletionTimestamp() != null;
        List<ObjectKey> keys = new ArrayList<>();
        if (!gone && (!GarbageCollection.references(object).isEmpty() || (deleting
                && (GarbageCollection.hasFinalizer(object, GarbageCollection.ORPHAN)
                || GarbageCollection.hasFinalizer(object, GarbageCollection.FOREGROUND))))) {
            keys.add(new GcKey(kind, ns, object.getMetadata().getName()).toObjectKey());
        }
        if (gone || deleting) {
            for (OwnerReference ref : GarbageCollection.references(object)) {
                if (KINDS.containsKey(ref.getKind())) {
                    keys.add(new GcKey(ref.getKind(), ns, ref.getName()).toObjectKey());
                }
            }
        }
        if (gone || GarbageCollection.isDeletingDependents(object)) {
            for (HasMetadata dependent : dependents(ns, object.getMetadata().getUid())) {
                keys.add(keyOf(dependent));
            }
        }
        return keys;
    }

    @Override
    public Result reconcile(ObjectKey key) {
        GcKey node = GcKey.parse(key);
        if (node == null || !listers.containsKey(node.kind())) {
            return Result.done();
        }
        HasMetadata object = listers.get(node.kind()).get(node.namespace(), node.name());
        if (object == null) {
            return Result.done();
        }
        if (object.getMetadata().getDeletionTimestamp() != null) {
            if (GarbageCollection.hasFinalizer(object, GarbageCollection.ORPHAN)) {
                orphanDependents(object);
            } else if (GarbageCollection.hasFinalizer(object, GarbageCollection.FOREGROUND)) {
                return deleteDependents(object);
            }
            return Result.done();
        }
        attemptToDelete(object);
        return Result.done();
    }

    /** Upstream attemptToDeleteItem for a live object with owners. */
    private void attemptToDelete(HasMetadata object) {
        List<OwnerReference> refs = GarbageCollection.references(object);
        if (refs.isEmpty()) {
            return;
        }
        String ns = object.getMetadata().getNamespace();
        Map<String, OwnerState> owners = new LinkedHashMap<>();
        for (OwnerReference ref : refs) {
            owners.put(ref.getUid(), ownerState(ns, ref));
        }
        boolean needDependents = !owners.containsValue(OwnerState.SOLID) && owners.containsValue(OwnerState.WAITING_FOR_DEPENDENTS);
        List<HasMetadata> dependents = needDependents ? dependents(ns, object.getMetadata().getUid()) : List.of();
        DependentDecision decision = GarbageCollection.decideDependent(object, owners, !dependents.isEmpty(),
                dependents.stream().anyMatch(GarbageCollection::isDeletingDependents));
        Class<? extends HasMetadata> type = KINDS.get(kindOf(object));
        switch (decision.action()) {
            case NONE -> { }
            case REMOVE_REFERENCES -> writer.setOwnerReferences(type, object, GarbageCollection.without(object, decision.removeOwners()));
            case DELETE -> writer.delete(type, object, decision.policy());
            case UNBLOCK_AND_DELETE -> {
                writer.setOwnerReferences(type, object, GarbageCollection.unblocked(object));
                writer.delete(type, object, DeletionPropagation.FOREGROUND);
            }
        }
    }

    /** Upstream processDeletingDependentsItem: delete what depends on the owner, release it when nothing blocks. */
    private Result deleteDependents(HasMetadata owner) {
        List<HasMetadata> dependents = dependents(owner.getMetadata().getNamespace(), owner.getMetadata().getUid());
        for (HasMetadata dependent : GarbageCollection.toDelete(dependents)) {
            attemptToDelete(dependent);
        }
        if (!GarbageCollection.blockingDependents(owner.getMetadata().getUid(), dependents).isEmpty()) {
            return Result.requeueAfter(WAITING_RECHECK);
        }
        writer.setFinalizers(KINDS.get(kindOf(owner)), owner, GarbageCollection.withoutFinalizer(owner, GarbageCollection.FOREGROUND));
        return Result.done();
    }

    /** Upstream attemptToOrphan: strip the owner from its dependents, then drop the orphan finalizer. */
    private void orphanDependents(HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        for (HasMetadata dependent : dependents(owner.getMetadata().getNamespace(), uid)) {
            writer.setOwnerReferences(KINDS.get(kindOf(dependent)), dependent, GarbageCollection.without(dependent, Set.of(uid)));
        }
        writer.setFinalizers(KINDS.get(kindOf(owner)), owner, GarbageCollection.withoutFinalizer(owner, GarbageCollection.ORPHAN));
    }

    /** The owner's state: from the cache when it holds the same uid, otherwise from a live read. */
    private OwnerState ownerState(String ns, OwnerReference ref) {
        Lister<? extends HasMetadata> lister = listers.get(ref.getKind());
        HasMetadata owner = lister == null ? null : lister.get(ns, ref.getName());
        if (owner == null || !ref.getUid().equals(owner.getMetadata().getUid())) {
            owner = writer.read(KINDS.get(ref.getKind()), ns, ref);
        }
        if (owner == null || !ref.getUid().equals(owner.getMetadata().getUid())) {
            return OwnerState.DANGLING;
        }
        return GarbageCollection.isDeletingDependents(owner) ? OwnerState.WAITING_FOR_DEPENDENTS : OwnerState.SOLID;
    }

    /** Every cached object in {@code ns} naming {@code uid} as owner. */
    private List<HasMetadata> dependents(String ns, String uid) {
        List<HasMetadata> dependents = new ArrayList<>();
        if (uid == null || ns == null || ns.isEmpty()) {
            return dependents;
        }
        for (Lister<? extends HasMetadata> lister : listers.values()) {
            dependents.addAll(GarbageCollection.dependentsOf(uid, lister.list(ns)));
        }
        return dependents;
    }

    private ObjectKey keyOf(HasMetadata object) {
        return new GcKey(kindOf(object), object.getMetadata().getNamespace(), object.getMetadata().getName()).toObjectKey();
    }

    /** Informer objects normally carry their kind; fall back to the class for those that don't. */
    private static String kindOf(HasMetadata object) {
        return object.getKind() != null ? object.getKind() : object.getClass().getSimpleName();
    }
}
