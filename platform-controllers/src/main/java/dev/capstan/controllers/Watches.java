package dev.capstan.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.function.Function;

/** How a {@link Controller} declares its event sources; each source is a shared informer of the process. */
public interface Watches {

    /** Events of these objects queue their own key. */
    <T extends HasMetadata> void self(Class<T> type);

    /**
     * Events of these objects queue the key of their controlling owner ({@code ownerReferences} with
     * {@code controller: true}) when it is of {@code ownerKind}; on update both the old and new owner.
     */
    <T extends HasMetadata> void controlledBy(Class<T> type, String ownerKind);

    /** Events of these objects queue whatever keys {@code keys} computes (e.g. every Job of a CronJob). */
    <T extends HasMetadata> void mapped(Class<T> type, Function<T, Collection<ObjectKey>> keys);
}
