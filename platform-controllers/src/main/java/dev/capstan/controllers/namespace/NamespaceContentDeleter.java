package dev.capstan.controllers.namespace;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's NamespacedResourcesDeleter.deleteAllContent through the API: discovers every namespaced
 * resource that can be listed and deleted (core v1 and each group's preferred version, like upstream's
 * ServerPreferredNamespacedResources), deletes what is in the namespace (background propagation, as
 * upstream) and counts what remains and which finalizers hold it.
 */
final class NamespaceContentDeleter {

    private final KubernetesClient client;

    NamespaceContentDeleter(KubernetesClient client) {
        this.client = client;
    }

    ContentTotals deleteAll(String namespace) {
        List<String> discoveryErrors = new ArrayList<>();
        List<ContentResource> resources = discover(discoveryErrors);
        List<String> deleteErrors = new ArrayList<>();
        Map<String, Integer> remaining = new LinkedHashMap<>();
        Map<String, Integer> finalizers = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ContentResource resource : NamespaceConditions.deletionOrder(resources)) {
            if (!seen.add(resource.display())) {
                continue;
            }
            try {
                int left = 0;
                for (GenericKubernetesResource item : operation(resource).inNamespace(namespace).list().getItems()) {
                    left++;
                    if (item.getMetadata().getDeletionTimestamp() == null) {
                        delete(resource, namespace, item);
                    }
                    for (String finalizer : item.getMetadata().getFinalizers() == null ? List.<String>of() : item.getMetadata().getFinalizers()) {
                        finalizers.merge(finalizer, 1, Integer::sum);
                    }
                }
                if (left > 0) {
                    // deleting marked some objects only (grace periods, finalizers): count what is still there
                    left = operation(resource).inNamespace(namespace).list().getItems().size();
                }
                remaining.put(resource.display(), left);
            } catch (KubernetesClientException e) {
                deleteErrors.add("unexpected items still remain in namespace: " + namespace + " for gvr: " + resource.apiVersion()
                        + ", Resource=" + resource.plural() + ": " + e.getMessage());
            }
        }
        return new ContentTotals(discoveryErrors.isEmpty() ? null : "Discovery failed for some groups, " + discoveryErrors.size()
                + " failing: " + String.join(", ", discoveryErrors), deleteErrors, remaining, finalizers);
    }

    private void delete(ContentResource resource, String namespace, GenericKubernetesResource item) {
        try {
            operation(resource).inNamespace(namespace).withName(item.getMetadata().getName())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> operation(ContentResource resource) {
        return client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(resource.group())
                .withVersion(resource.version()).withPlural(resource.plural()).withKind(resource.kind()).withNamespaced(true).build());
    }

    private List<ContentResource> discover(List<String> errors) {
        List<ContentResource> resources = new ArrayList<>();
        addResources("", "v1", resources, errors);
        try {
            for (APIGroup group : client.getApiGroups().getGroups()) {
                GroupVersionForDiscovery preferred = group.getPreferredVersion() != null ? group.getPreferredVersion()
                        : group.getVersions().get(0);
                addResources(group.getName(), preferred.getVersion(), resources, errors);
            }
        } catch (KubernetesClientException e) {
            errors.add("groups: " + e.getMessage());
        }
        return resources;
    }

    private void addResources(String group, String version, List<ContentResource> resources, List<String> errors) {
        String groupVersion = group.isEmpty() ? version : group + "/" + version;
        try {
            APIResourceList list = client.getApiResources(groupVersion);
            if (list == null) {
                errors.add(groupVersion + ": not found");
                return;
            }
            for (APIResource r : list.getResources()) {
                if (Boolean.TRUE.equals(r.getNamespaced()) && !r.getName().contains("/") && r.getVerbs() != null
                        && r.getVerbs().contains("list") && r.getVerbs().contains("delete")) {
                    resources.add(new ContentResource(group, version, r.getName(), r.getKind()));
                }
            }
        } catch (KubernetesClientException e) {
            errors.add(groupVersion + ": " + e.getMessage());
        }
    }
}
