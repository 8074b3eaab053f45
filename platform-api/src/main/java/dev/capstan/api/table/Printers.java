package dev.capstan.api.table;

import java.util.Map;

/** The printer of each (group, kind); kinds not listed are custom resources and get {@link DefaultColumns#AGE}. */
final class Printers {

    private static final String APPS = "apps";
    private static final String BATCH = "batch";
    private static final String NETWORKING = "networking.k8s.io";
    private static final String RBAC = "rbac.authorization.k8s.io";

    private static final Map<String, KindPrinter> BY_GROUP_KIND = Map.ofEntries(
            Map.entry(key("", "Namespace"), ConfigColumns.NAMESPACE),
            Map.entry(key("", "Pod"), PodColumns.INSTANCE),
            Map.entry(key("", "Node"), NodeColumns.NODE),
            Map.entry(key("", "Service"), ServiceColumns.SERVICE),
            Map.entry(key("", "Endpoints"), ServiceColumns.ENDPOINTS),
            Map.entry(key("", "ConfigMap"), ConfigColumns.CONFIG_MAP),
            Map.entry(key("", "Secret"), ConfigColumns.SECRET),
            Map.entry(key("", "ServiceAccount"), ConfigColumns.SERVICE_ACCOUNT),
            Map.entry(key("", "Event"), EventColumns.CORE),
            Map.entry(key("", "ReplicationController"), WorkloadColumns.REPLICATION_CONTROLLER),
            Map.entry(key("", "ResourceQuota"), ConfigColumns.RESOURCE_QUOTA),
            Map.entry(key("", "LimitRange"), DefaultColumns.CREATED_AT),
            Map.entry(key("", "PersistentVolume"), StorageColumns.PERSISTENT_VOLUME),
            Map.entry(key("", "PersistentVolumeClaim"), StorageColumns.PERSISTENT_VOLUME_CLAIM),
            Map.entry(key(APPS, "Deployment"), WorkloadColumns.DEPLOYMENT),
            Map.entry(key(APPS, "ReplicaSet"), WorkloadColumns.REPLICA_SET),
            Map.entry(key(APPS, "StatefulSet"), WorkloadColumns.STATEFUL_SET),
            Map.entry(key(APPS, "DaemonSet"), WorkloadColumns.DAEMON_SET),
            Map.entry(key(BATCH, "Job"), BatchColumns.JOB),
            Map.entry(key(BATCH, "CronJob"), BatchColumns.CRON_JOB),
            Map.entry(key("coordination.k8s.io", "Lease"), SchedulingColumns.LEASE),
            Map.entry(key("discovery.k8s.io", "EndpointSlice"), ServiceColumns.ENDPOINT_SLICE),
            Map.entry(key("events.k8s.io", "Event"), EventColumns.EVENTS_V1),
            Map.entry(key(NETWORKING, "Ingress"), NetworkingColumns.INGRESS),
            Map.entry(key(NETWORKING, "IngressClass"), NetworkingColumns.INGRESS_CLASS),
            Map.entry(key(NETWORKING, "NetworkPolicy"), NetworkingColumns.NETWORK_POLICY),
            Map.entry(key("policy", "PodDisruptionBudget"), SchedulingColumns.POD_DISRUPTION_BUDGET),
            Map.entry(key("scheduling.k8s.io", "PriorityClass"), SchedulingColumns.PRIORITY_CLASS),
            Map.entry(key("certificates.k8s.io", "CertificateSigningRequest"), CertificateColumns.CERTIFICATE_SIGNING_REQUEST),
            Map.entry(key(RBAC, "Role"), DefaultColumns.CREATED_AT),
            Map.entry(key(RBAC, "ClusterRole"), DefaultColumns.CREATED_AT),
            Map.entry(key(RBAC, "RoleBinding"), RbacColumns.ROLE_BINDING),
            Map.entry(key(RBAC, "ClusterRoleBinding"), RbacColumns.CLUSTER_ROLE_BINDING));

    private Printers() {
    }

    /** The printer for a kind; the group is "" for the core group. */
    static KindPrinter forKind(String group, String kind) {
        return BY_GROUP_KIND.getOrDefault(key(group == null ? "" : group, kind), DefaultColumns.AGE);
    }

    private static String key(String group, String kind) {
        return group + "/" + kind;
    }
}
