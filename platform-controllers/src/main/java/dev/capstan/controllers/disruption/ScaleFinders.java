package dev.capstan.controllers.disruption;

import dev.capstan.controllers.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's finders ({@code getPodReplicaSet}, {@code getPodDeployment}, {@code getPodReplicationController},
 * {@code getPodStatefulSet}): the controller a pod's controllerRef names, checked by UID, and its replicas.
 * A ReplicaSet a Deployment controls is skipped by the ReplicaSet finder so the Deployment's scale counts.
 */
final class ScaleFinders {

    private ScaleFinders() {
    }

    static List<ControllerScale.Finder> of(Lister<ReplicaSet> replicaSets, Lister<Deployment> deployments,
                                           Lister<StatefulSet> statefulSets, Lister<ReplicationController> rcs) {
        ControllerScale.Finder replicaSet = (ref, ns) -> {
            ReplicaSet rs = owned(ref, "ReplicaSet", "apps", replicaSets.get(ns, ref.getName()));
            if (rs == null || controllerKind(rs, "Deployment")) {
                return Optional.empty();
            }
            return Optional.of(new ControllerScale(rs.getMetadata().getUid(), replicas(rs.getSpec().getReplicas())));
        };
        ControllerScale.Finder deployment = (ref, ns) -> {
            ReplicaSet rs = owned(ref, "ReplicaSet", "apps", replicaSets.get(ns, ref.getName()));
            if (rs == null || !controllerKind(rs, "Deployment")) {
                return Optional.empty();
            }
            OwnerReference rsRef = controllerOf(rs);
            Deployment d = owned(rsRef, "Deployment", "apps", deployments.get(ns, rsRef.getName()));
            return d == null ? Optional.empty()
                    : Optional.of(new ControllerScale(d.getMetadata().getUid(), replicas(d.getSpec().getReplicas())));
        };
        ControllerScale.Finder rc = (ref, ns) -> {
            ReplicationController found = owned(ref, "ReplicationController", "", rcs.get(ns, ref.getName()));
            return found == null ? Optional.empty()
                    : Optional.of(new ControllerScale(found.getMetadata().getUid(), replicas(found.getSpec().getReplicas())));
        };
        ControllerScale.Finder statefulSet = (ref, ns) -> {
            StatefulSet found = owned(ref, "StatefulSet", "apps", statefulSets.get(ns, ref.getName()));
            return found == null ? Optional.empty()
                    : Optional.of(new ControllerScale(found.getMetadata().getUid(), replicas(found.getSpec().getReplicas())));
        };
        return List.of(replicaSet, deployment, rc, statefulSet);
    }

    /** The object if the reference names it: right kind and group, same UID (a recreated namesake is not it). */
    private static <T extends HasMetadata> T owned(OwnerReference ref, String kind, String group, T object) {
        if (ref == null || object == null || !kind.equals(ref.getKind()) || !group.equals(group(ref.getApiVersion()))) {
            return null;
        }
        return ref.getUid() != null && ref.getUid().equals(object.getMetadata().getUid()) ? object : null;
    }

    private static String group(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static boolean controllerKind(HasMetadata object, String kind) {
        OwnerReference ref = controllerOf(object);
        return ref != null && kind.equals(ref.getKind());
    }

    private static OwnerReference controllerOf(HasMetadata object) {
        return object.getMetadata().getOwnerReferences() == null ? null : object.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
    }

    /** Unset replicas default to 1, as the API server defaults them. */
    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }
}
