package dev.capstan.api.openapi;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;
import java.util.Set;

/** A handful of served kinds, as the server would describe them. */
final class TestKinds {

    static final Set<String> VERBS =
            Set.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    static final List<ApiKind> ALL = List.of(
            new ApiKind("", "v1", "Pod", "pods", true, Pod.class, VERBS,
                    Set.of("status", "binding", "eviction", "log", "exec")),
            new ApiKind("", "v1", "Service", "services", true, Service.class, VERBS, Set.of("status")),
            new ApiKind("", "v1", "ConfigMap", "configmaps", true, ConfigMap.class, VERBS, Set.of()),
            new ApiKind("", "v1", "Namespace", "namespaces", false, Namespace.class,
                    Set.of("create", "delete", "get", "list", "patch", "update", "watch"), Set.of("status")),
            new ApiKind("apps", "v1", "Deployment", "deployments", true, Deployment.class, VERBS,
                    Set.of("status", "scale")),
            new ApiKind("coordination.k8s.io", "v1", "Lease", "leases", true, Lease.class, VERBS, Set.of()));

    private TestKinds() {
    }
}
