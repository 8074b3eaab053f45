package dev.capstan.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** How many pods to create or delete in one sync, in which batches, and what a new pod looks like. */
public final class ReplicaPlan {

    /** Upstream's {@code BurstReplicas}: at most this many creates or deletes per sync. */
    public static final int BURST_REPLICAS = 500;

    /** Upstream's {@code SlowStartInitialBatchSize}. */
    public static final int SLOW_START_INITIAL_BATCH = 1;

    private ReplicaPlan() {
    }

    /** Pods to create (positive) or delete (negative) now: the difference to the spec, capped at the burst. */
    public static int change(int activePods, int replicas) {
        int diff = replicas - activePods;
        return Math.max(-BURST_REPLICAS, Math.min(BURST_REPLICAS, diff));
    }

    /**
     * Upstream's {@code slowStartBatch} sizes: 1, 2, 4, ... capped by what remains, so a template that cannot
     * be created fails once instead of {@code count} times (creation stops after the first failing batch).
     */
    public static List<Integer> slowStartBatches(int count) {
        List<Integer> batches = new ArrayList<>();
        int remaining = count;
        for (int batch = Math.min(remaining, SLOW_START_INITIAL_BATCH); batch > 0; batch = Math.min(2 * batch, remaining)) {
            batches.add(batch);
            remaining -= batch;
        }
        return batches;
    }

    /** The controller reference a new or adopted pod gets. */
    public static OwnerReference controllerRef(ReplicaOwner owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.apiVersion()).withKind(owner.kind())
                .withName(owner.name()).withUid(owner.uid()).withController(true).withBlockOwnerDeletion(true).build();
    }

    /**
     * Upstream's {@code GetPodFromTemplate}: the template's labels, annotations, finalizers and spec, named
     * {@code <owner>-<random>} by the API server, controlled by the owner.
     */
    public static Pod newPod(ReplicaOwner owner) {
        ObjectMeta template = owner.template().getMetadata() == null ? new ObjectMeta() : owner.template().getMetadata();
        PodSpec spec = owner.template().getSpec() == null ? new PodSpec() : new PodSpecBuilder(owner.template().getSpec()).build();
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(owner.namespace())
                .withGenerateName(owner.name() + "-")
                .withLabels(template.getLabels() == null ? null : new LinkedHashMap<>(template.getLabels()))
                .withAnnotations(template.getAnnotations() == null ? null : new LinkedHashMap<>(template.getAnnotations()))
                .withFinalizers(template.getFinalizers() == null ? null : new ArrayList<>(template.getFinalizers()))
                .withOwnerReferences(controllerRef(owner))
                .endMetadata()
                .withSpec(spec)
                .build();
    }
}
