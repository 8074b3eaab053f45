package dev.capstan.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The garbage collector's decisions, pure (upstream pkg/controller/garbagecollector attemptToDeleteItem,
 * processDeletingDependentsItem and orphanDependents): given an object and what is known about its owners
 * or dependents, what to delete, orphan or unblock. No I/O, so it is tested without a server.
 */
public final class GarbageCollection {

    /** Upstream metav1.FinalizerOrphanDependents. */
    public static final String ORPHAN = "orphan";
    /** Upstream metav1.FinalizerDeleteDependents. */
    public static final String FOREGROUND = "foregroundDeletion";

    private GarbageCollection() {
    }

    /**
     * A live dependent (not being deleted) with owner references: upstream's three cases. With a solid owner
     * it stays, minus references to owners that are gone or waiting for it; with owners waiting for it and
     * dependents of its own, it is deleted in the foreground (so the wait cascades); otherwise it is deleted
     * honouring its own finalizers (orphan / foreground) or in the background.
     *
     * @param owners          each owner reference's uid and the owner's state
     * @param hasDependents   whether any object names this one as owner
     * @param dependentWaiting whether one of its dependents is itself being deleted in the foreground
     */
    public static DependentDecision decideDependent(HasMetadata item, Map<String, OwnerState> owners, boolean hasDependents,
                                                    boolean dependentWaiting) {
        ObjectMeta meta = item.getMetadata();
        if (meta.getDeletionTimestamp() != null || owners.isEmpty()) {
            return DependentDecision.none();
        }
        Set<String> dangling = new LinkedHashSet<>();
        Set<String> waiting = new LinkedHashSet<>();
        boolean solid = false;
        for (Map.Entry<String, OwnerState> owner : owners.entrySet()) {
            switch (owner.getValue()) {
                case SOLID -> solid = true;
                case DANGLING -> dangling.add(owner.getKey());
                case WAITING_FOR_DEPENDENTS -> waiting.add(owner.getKey());
            }
        }
        if (solid) {
            Set<String> remove = new LinkedHashSet<>(dangling);
            remove.addAll(waiting);
            return remove.isEmpty() ? DependentDecision.none()
                    : new DependentDecision(DependentDecision.Action.REMOVE_REFERENCES, remove, null);
        }
        if (!waiting.isEmpty() && hasDependents) {
            return new DependentDecision(dependentWaiting ? DependentDecision.Action.UNBLOCK_AND_DELETE
                    : DependentDecision.Action.DELETE, Set.of(), DeletionPropagation.FOREGROUND);
        }
        DeletionPropagation policy = hasFinalizer(item, ORPHAN) ? DeletionPropagation.ORPHAN
                : hasFinalizer(item, FOREGROUND) ? DeletionPropagation.FOREGROUND : DeletionPropagation.BACKGROUND;
        return new DependentDecision(DependentDecision.Action.DELETE, Set.of(), policy);
    }

    /**
     * An owner being deleted in the foreground: which of its dependents still block it (they name it with
     * {@code blockOwnerDeletion: true} and still exist, deleting or not). The {@code foregroundDeletion}
     * finalizer comes off when none is left; the others get deleted (every dependent is attempted,
     * blocking or not, as upstream's graph builder does).
     */
    public static List<HasMetadata> blockingDependents(String ownerUid, List<? extends HasMetadata> dependents) {
        List<HasMetadata> blocking = new ArrayList<>();
        for (HasMetadata dependent : dependents) {
            OwnerReference ref = referenceTo(dependent, ownerUid);
            if (ref != null && Boolean.TRUE.equals(ref.getBlockOwnerDeletion())) {
                blocking.add(dependent);
            }
        }
        return blocking;
    }

    /** Dependents that still need a delete: those not already being deleted. */
    public static List<HasMetadata> toDelete(List<? extends HasMetadata> dependents) {
        return dependents.stream().filter(d -> d.getMetadata().getDeletionTimestamp() == null)
                .map(d -> (HasMetadata) d).toList();
    }

    /** The objects among {@code candidates} that name {@code ownerUid} as an owner. */
    public static <T extends HasMetadata> List<T> dependentsOf(String ownerUid, List<T> candidates) {
        return candidates.stream().filter(c -> referenceTo(c, ownerUid) != null).toList();
    }

    /** The owner references of {@code item} without those whose uid is in {@code uids}. */
    public static List<OwnerReference> without(HasMetadata item, Set<String> uids) {
        return references(item).stream().filter(r -> !uids.contains(r.getUid())).toList();
    }

    /** The owner references of {@code item}, each with {@code blockOwnerDeletion: false} (upstream's unblock). */
    public static List<OwnerReference> unblocked(HasMetadata item) {
        return references(item).stream().map(r -> Boolean.TRUE.equals(r.getBlockOwnerDeletion())
                ? new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder(r).withBlockOwnerDeletion(false).build() : r).toList();
    }

    /** The finalizers of {@code item} without {@code finalizer}. */
    public static List<String> withoutFinalizer(HasMetadata item, String finalizer) {
        List<String> finalizers = item.getMetadata().getFinalizers();
        return finalizers == null ? List.of() : finalizers.stream().filter(f -> !f.equals(finalizer)).toList();
    }

    public static boolean hasFinalizer(HasMetadata item, String finalizer) {
        List<String> finalizers = item.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(finalizer);
    }

    /** Being deleted and waiting for its dependents (upstream isDeletingDependents). */
    public static boolean isDeletingDependents(HasMetadata item) {
        return item.getMetadata().getDeletionTimestamp() != null && hasFinalizer(item, FOREGROUND);
    }

    public static List<OwnerReference> references(HasMetadata item) {
        List<OwnerReference> refs = item.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs;
    }

    static OwnerReference referenceTo(HasMetadata item, String ownerUid) {
        for (OwnerReference ref : references(item)) {
            if (ownerUid.equals(ref.getUid())) {
                return ref;
            }
        }
        return null;
    }
}
