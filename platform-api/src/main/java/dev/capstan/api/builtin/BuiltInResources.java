package dev.capstan.api.builtin;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceStrategy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The built-in kinds Capstan serves, with upstream's names, short names, scopes and subresources. */
public final class BuiltInResources {

    private static final List<String> ALL = List.of("all");

    private BuiltInResources() {
    }

    public static List<ResourceDefinition> definitions() {
        List<ResourceDefinition> d = new ArrayList<>();
        ResourceStrategy plain = new PlainStrategy();
        ResourceStrategy withStatus = plain;
        // core/v1
        d.add(def("", "v1", "Namespace", "namespaces", false, new NamespaceStrategy(), Set.of("status", "finalize"), List.of(), Namespace.class, "ns"));
        d.add(def("", "v1", "Pod", "pods", true, new PodStrategy(), Set.of("status", "binding", "eviction", "log", "exec", "attach", "portforward"), ALL, Pod.class, "po"));
        d.add(def("", "v1", "Node", "nodes", false, withStatus, Set.of("status", "proxy"), List.of(), Node.class, "no"));
        d.add(def("", "v1", "Service", "services", true, new ServiceStrategy(), Set.of("status"), ALL, Service.class, "svc"));
        d.add(def("", "v1", "Endpoints", "endpoints", true, plain, Set.of(), List.of(), Endpoints.class, "ep"));
        d.add(def("", "v1", "ConfigMap", "configmaps", true, plain, Set.of(), List.of(), ConfigMap.class, "cm"));
        d.add(def("", "v1", "Secret", "secrets", true, new SecretStrategy(), Set.of(), List.of(), Secret.class));
        d.add(def("", "v1", "ServiceAccount", "serviceaccounts", true, plain, Set.of(), List.of(), ServiceAccount.class, "sa"));
        d.add(def("", "v1", "Event", "events", true, plain, Set.of(), List.of(), Event.class, "ev"));
        d.add(def("", "v1", "ReplicationController", "replicationcontrollers", true, withStatus, Set.of("status", "scale"), ALL, ReplicationController.class, "rc"));
        d.add(def("", "v1", "ResourceQuota", "resourcequotas", true, withStatus, Set.of("status"), List.of(), ResourceQuota.class, "quota"));
        d.add(def("", "v1", "LimitRange", "limitranges", true, plain, Set.of(), List.of(), LimitRange.class, "limits"));
        d.add(def("", "v1", "PersistentVolume", "persistentvolumes", false, withStatus, Set.of("status"), List.of(), PersistentVolume.class, "pv"));
        d.add(def("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, withStatus, Set.of("status"), List.of(), PersistentVolumeClaim.class, "pvc"));
        // apps/v1
        d.add(def("apps", "v1", "Deployment", "deployments", true, new WorkloadStrategy(), Set.of("status", "scale"), ALL, Deployment.class, "deploy"));
        d.add(def("apps", "v1", "ReplicaSet", "replicasets", true, new WorkloadStrategy(), Set.of("status", "scale"), ALL, ReplicaSet.class, "rs"));
        d.add(def("apps", "v1", "StatefulSet", "statefulsets", true, new WorkloadStrategy(), Set.of("status", "scale"), ALL, StatefulSet.class, "sts"));
        d.add(def("apps", "v1", "DaemonSet", "daemonsets", true, new WorkloadStrategy(), Set.of("status"), ALL, DaemonSet.class, "ds"));
        // batch/v1
        d.add(def("batch", "v1", "Job", "jobs", true, withStatus, Set.of("status"), ALL, Job.class));
        d.add(def("batch", "v1", "CronJob", "cronjobs", true, withStatus, Set.of("status"), ALL, CronJob.class, "cj"));
        // the rest
        d.add(def("coordination.k8s.io", "v1", "Lease", "leases", true, plain, Set.of(), List.of(), Lease.class));
        d.add(def("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, plain, Set.of(), List.of(), EndpointSlice.class));
        d.add(def("events.k8s.io", "v1", "Event", "events", true, plain, Set.of(), List.of(), io.fabric8.kubernetes.api.model.events.v1.Event.class, "ev"));
        d.add(def("networking.k8s.io", "v1", "Ingress", "ingresses", true, withStatus, Set.of("status"), List.of(), Ingress.class, "ing"));
        d.add(def("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, plain, Set.of(), List.of(), IngressClass.class));
        d.add(def("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, plain, Set.of(), List.of(), NetworkPolicy.class, "netpol"));
        d.add(def("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, withStatus, Set.of("status"), List.of(), PodDisruptionBudget.class, "pdb"));
        d.add(def("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, plain, Set.of(), List.of("api-extensions"), io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration.class));
        d.add(def("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, plain, Set.of(), List.of("api-extensions"), io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration.class));
        d.add(def("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, plain, Set.of(), List.of(), PriorityClass.class, "pc"));
        d.add(def("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", false,
                new dev.capstan.api.certificates.CertificateSigningRequestStrategy(), Set.of("status", "approval"),
                List.of(), io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest.class, "csr"));
        ResourceStrategy rbac = new RbacStrategy();
        d.add(def("rbac.authorization.k8s.io", "v1", "Role", "roles", true, rbac, Set.of(), List.of(), Role.class));
        d.add(def("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, rbac, Set.of(), List.of(), RoleBinding.class));
        d.add(def("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, rbac, Set.of(), List.of(), ClusterRole.class));
        d.add(def("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, rbac, Set.of(), List.of(), ClusterRoleBinding.class));
        return d;
    }

    private static ResourceDefinition def(String group, String version, String kind, String plural, boolean namespaced,
            ResourceStrategy strategy, Set<String> subresources, List<String> categories, Class<?> type,
            String... shortNames) {
        return new ResourceDefinition(group, version, kind, plural, kind.toLowerCase(java.util.Locale.ROOT),
                Arrays.asList(shortNames), namespaced, subresources, categories, type, strategy);
    }
}
