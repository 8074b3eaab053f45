package dev.capstan.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The garbage collector's reads and writes through the API. Metadata changes are JSON merge patches carrying
 * the resourceVersion the decision was made on, so a concurrent change makes them fail (409) and the key is
 * retried on fresh state, as upstream's patches carry the uid and resourceVersion.
 */
final class GcWriter {

    private final KubernetesClient client;

    GcWriter(KubernetesClient client) {
        this.client = client;
    }

    /** The owner named by {@code ref} read live, or null when absent; kinds not tracked go through discovery. */
    HasMetadata read(Class<? extends HasMetadata> type, String ns, OwnerReference ref) {
        if (type != null) {
            return client.resources(type).inNamespace(ns).withName(ref.getName()).get();
        }
        try {
            return client.genericKubernetesResources(ref.getApiVersion(), ref.getKind()).inNamespace(ns).withName(ref.getName()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Deletes with the uid as precondition (upstream deleteObject): if the object was deleted and recreated
     * under the same name since the decision, the new one is left alone (409). Gone already (404) is fine.
     */
    void delete(Class<? extends HasMetadata> type, HasMetadata object, DeletionPropagation policy) {
        DeleteOptions options = new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions")
                .withPropagationPolicy(policy.toString())
                .withNewPreconditions().withUid(object.getMetadata().getUid()).endPreconditions().build();
        String group = HasMetadata.getGroup(type);
        String prefix = group == null || group.isEmpty() ? "api/" + HasMetadata.getVersion(type)
                : "apis/" + group + "/" + HasMetadata.getVersion(type);
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/" + prefix + "/namespaces/"
                + object.getMetadata().getNamespace() + "/" + HasMetadata.getPlural(type) + "/" + object.getMetadata().getName();
        try {
            client.raw(url, "DELETE", options);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    void setOwnerReferences(Class<? extends HasMetadata> type, HasMetadata object, List<OwnerReference> references) {
        patchMetadata(type, object, "ownerReferences", references.isEmpty() ? null : references);
    }

    void setFinalizers(Class<? extends HasMetadata> type, HasMetadata object, List<String> finalizers) {
        patchMetadata(type, object, "finalizers", finalizers.isEmpty() ? null : finalizers);
    }

    private void patchMetadata(Class<? extends HasMetadata> type, HasMetadata object, String field, Object value) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
        metadata.put(field, value);
        String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", metadata));
        try {
            client.resources(type).inNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }
}
