package dev.capstan.controllers.replicaset;

import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The writes of the replica controllers (upstream's {@code RealPodControl} and the claim patches): creates in
 * slow-start batches, deletes in parallel, adoption and release patches, each with upstream's events and
 * expectation bookkeeping. Returns the first error's message rather than throwing, so the caller still writes
 * the status (with {@code ReplicaFailure}) before failing the sync.
 */
final class PodWrites {

    private final KubernetesClient client;
    private final EventRecorder events;
    private final PodExpectations expectations;
    private final ExecutorService executor;

    PodWrites(KubernetesClient client, EventRecorder events, PodExpectations expectations, ExecutorService executor) {
        this.client = client;
        this.events = events;
        this.expectations = expectations;
        this.executor = executor;
    }

    /** Creates {@code count} pods: batches of 1, 2, 4, ... stopping after the first batch with an error. */
    String create(ObjectKey key, HasMetadata object, ReplicaOwner owner, int count) throws InterruptedException {
        expectations.expectCreations(key, count);
        int done = 0;
        String error = null;
        for (int batch : ReplicaPlan.slowStartBatches(count)) {
            List<Callable<String>> creates = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                creates.add(() -> createOne(key, object, owner));
            }
            done += batch;
            error = firstError(executor.invokeAll(creates));
            if (error != null) {
                break;
            }
        }
        // the skipped creates will never be observed
        for (int i = done; i < count; i++) {
            expectations.creationFailed(key);
        }
        return error;
    }

    private String createOne(ObjectKey key, HasMetadata object, ReplicaOwner owner) {
        Pod pod = ReplicaPlan.newPod(owner);
        if (pod.getMetadata().getLabels() == null || pod.getMetadata().getLabels().isEmpty()) {
            expectations.creationFailed(key);
            return "unable to create pods, no labels";
        }
        try {
            Pod created = client.pods().inNamespace(owner.namespace()).resource(pod).create();
            expectations.created(key, created.getMetadata().getName());
            events.normal(object, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
            return null;
        } catch (KubernetesClientException e) {
            expectations.creationFailed(key);
            if (hasCause(e, "NamespaceTerminating")) {
                return null; // upstream: not an error, the namespace is going away
            }
            events.warning(object, "FailedCreate", "Error creating: " + message(e));
            return message(e);
        }
    }

    /** Deletes {@code pods} in parallel; a pod already gone is not an error. */
    String delete(ObjectKey key, HasMetadata object, ReplicaOwner owner, List<Pod> pods) throws InterruptedException {
        expectations.expectDeletions(key, pods);
        List<Callable<String>> deletes = new ArrayList<>();
        for (Pod pod : pods) {
            deletes.add(() -> {
                try {
                    client.pods().inNamespace(owner.namespace()).withName(pod.getMetadata().getName()).delete();
                    events.normal(object, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
                    return null;
                } catch (KubernetesClientException e) {
                    expectations.deletionFailed(key, pod);
                    if (e.getCode() == 404) {
                        return null;
                    }
                    events.warning(object, "FailedDelete", "Error deleting: " + message(e));
                    return message(e);
                }
            });
        }
        return firstError(executor.invokeAll(deletes));
    }

    /** Sets the owner as the pod's controller; the pod's uid in the patch makes it fail on a recreated pod. */
    void adopt(ReplicaOwner owner, Pod pod) {
        String patch = "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"%s\",\"kind\":\"%s\",\"name\":\"%s\",\"uid\":\"%s\","
                + "\"controller\":true,\"blockOwnerDeletion\":true}],\"uid\":\"%s\"}}";
        // resource(pod), not withName: Fabric8 reads a named object before patching it, and upstream's
        // replicaset-controller role may patch pods but not get them
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod)
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch.formatted(owner.apiVersion(), owner.kind(), owner.name(),
                        owner.uid(), pod.getMetadata().getUid()));
    }

    /** Removes the owner's reference from the pod; a pod gone or replaced meanwhile is left alone. */
    void release(ReplicaOwner owner, Pod pod) {
        String patch = "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":\"%s\"}],\"uid\":\"%s\"}}";
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod)
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch.formatted(owner.uid(), pod.getMetadata().getUid()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 422) {
                throw e;
            }
        }
    }

    private static String firstError(List<Future<String>> results) throws InterruptedException {
        String first = null;
        for (Future<String> result : results) {
            try {
                String error = result.get();
                if (first == null) {
                    first = error;
                }
            } catch (ExecutionException e) {
                if (first == null) {
                    first = String.valueOf(e.getCause());
                }
            }
        }
        return first;
    }

    /** The API's Status message (what upstream prints for an error), else the client's. */
    static String message(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isEmpty()) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }

    private static boolean hasCause(KubernetesClientException e, String type) {
        if (e.getStatus() == null || e.getStatus().getDetails() == null || e.getStatus().getDetails().getCauses() == null) {
            return false;
        }
        for (StatusCause cause : e.getStatus().getDetails().getCauses()) {
            if (type.equals(cause.getReason())) {
                return true;
            }
        }
        return false;
    }
}
