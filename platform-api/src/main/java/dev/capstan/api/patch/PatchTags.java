package dev.capstan.api.patch;

import io.fabric8.kubernetes.api.model.ComponentStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.NodeAllocatableResourceClaimStatus;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodVolumeHealth;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.VolumeHealthStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobSchedulingConfiguration;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDRStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's {@code patchMergeKey}/{@code patchStrategy} struct tags (k8s.io/api core, apps, batch, networking,
 * policy; k8s.io/apimachinery meta), keyed by the Fabric8 class that models the Go struct and the JSON field name.
 * Every field upstream tags for list merging is here; a field missing from the table is atomic. The
 * {@code retainKeys}-only tag on {@code DeploymentSpec.strategy} is left out: it only matters to clients computing a
 * patch, the server applies {@code $retainKeys} wherever it appears.
 */
final class PatchTags {

    private static final Map<Class<?>, Map<String, ListStrategy>> LISTS = new HashMap<>();
    private static final Map<Class<?>, Set<String>> REPLACED_MAPS = Map.of(
            PodDisruptionBudgetSpec.class, Set.of("selector"));

    static {
        list(ObjectMeta.class, "finalizers", ListStrategy.primitiveSet());
        list(ObjectMeta.class, "ownerReferences", ListStrategy.mergeOn("uid"));

        list(PodSpec.class, "volumes", ListStrategy.mergeOnRetainingKeys("name"));
        list(PodSpec.class, "initContainers", ListStrategy.mergeOn("name"));
        list(PodSpec.class, "containers", ListStrategy.mergeOn("name"));
        list(PodSpec.class, "ephemeralContainers", ListStrategy.mergeOn("name"));
        list(PodSpec.class, "imagePullSecrets", ListStrategy.mergeOn("name"));
        list(PodSpec.class, "hostAliases", ListStrategy.mergeOn("ip"));
        list(PodSpec.class, "topologySpreadConstraints", ListStrategy.mergeOn("topologyKey"));
        list(PodSpec.class, "schedulingGates", ListStrategy.mergeOn("name"));
        list(PodSpec.class, "resourceClaims", ListStrategy.mergeOnRetainingKeys("name"));
        list(PodSpec.class, "evictionResponders", ListStrategy.mergeOn("name"));
        for (Class<?> container : new Class<?>[] {Container.class, EphemeralContainer.class}) {
            list(container, "ports", ListStrategy.mergeOn("containerPort"));
            list(container, "env", ListStrategy.mergeOn("name"));
            list(container, "volumeMounts", ListStrategy.mergeOn("mountPath"));
            list(container, "volumeDevices", ListStrategy.mergeOn("devicePath"));
        }
        list(ContainerStatus.class, "volumeMounts", ListStrategy.mergeOn("mountPath"));
        list(ContainerStatus.class, "allocatedResourcesStatus", ListStrategy.mergeOn("name"));
        list(PodStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(PodStatus.class, "hostIPs", ListStrategy.mergeOn("ip"));
        list(PodStatus.class, "podIPs", ListStrategy.mergeOn("ip"));
        list(PodStatus.class, "resourceClaimStatuses", ListStrategy.mergeOnRetainingKeys("name"));
        list(PodStatus.class, "nodeAllocatableResourceClaimStatuses", ListStrategy.mergeOn("resourceClaimName"));
        list(NodeAllocatableResourceClaimStatus.class, "mapping", ListStrategy.mergeOn("name"));
        list(NodeAllocatableResourceClaimStatus.class, "overhead", ListStrategy.mergeOn("name"));
        list(VolumeHealthStatus.class, "healthConditions", ListStrategy.mergeOn("status"));
        list(PodVolumeHealth.class, "healthConditions", ListStrategy.mergeOn("status"));

        list(NodeSpec.class, "podCIDRs", ListStrategy.primitiveSet());
        list(NodeStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(NodeStatus.class, "addresses", ListStrategy.mergeOn("type"));
        list(ServiceSpec.class, "ports", ListStrategy.mergeOn("port"));
        list(ServiceStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(ServiceAccount.class, "secrets", ListStrategy.mergeOn("name"));
        list(ReplicationControllerStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(NamespaceStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(PersistentVolumeClaimStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(ComponentStatus.class, "conditions", ListStrategy.mergeOn("type"));

        list(DeploymentStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(ReplicaSetStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(StatefulSetStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(DaemonSetStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(JobStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(JobSchedulingConfiguration.class, "resourceClaims", ListStrategy.mergeOn("name"));
        list(ServiceCIDRStatus.class, "conditions", ListStrategy.mergeOn("type"));
        list(PodDisruptionBudgetStatus.class, "conditions", ListStrategy.mergeOn("type"));
    }

    private PatchTags() {
    }

    private static void list(Class<?> type, String field, ListStrategy strategy) {
        LISTS.computeIfAbsent(type, t -> new HashMap<>()).put(field, strategy);
    }

    /** The strategy of a list field of a model class, or empty when upstream does not tag it (atomic). */
    static Optional<ListStrategy> list(Class<?> type, String field) {
        Map<String, ListStrategy> fields = LISTS.get(type);
        return fields == null ? Optional.empty() : Optional.ofNullable(fields.get(field));
    }

    /** Whether a map field of a model class is tagged {@code patchStrategy:"replace"}. */
    static boolean replacesMap(Class<?> type, String field) {
        return REPLACED_MAPS.getOrDefault(type, Set.of()).contains(field);
    }

    /** Every tagged list field, for checks that the table names real fields. */
    static Map<Class<?>, Map<String, ListStrategy>> allLists() {
        return LISTS;
    }

    /** Every map field tagged replace, for checks that the table names real fields. */
    static Map<Class<?>, Set<String>> allReplacedMaps() {
        return REPLACED_MAPS;
    }
}
