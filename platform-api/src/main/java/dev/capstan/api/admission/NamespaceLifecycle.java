package dev.capstan.api.admission;

import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.registry.Meta;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's NamespaceLifecycle: nothing is created in a namespace that does not exist (404) or is being deleted
 * (403), and the namespaces the system needs ({@code default}, {@code kube-system}, {@code kube-public}) cannot
 * be deleted.
 */
public final class NamespaceLifecycle implements MutatingAdmission {

    public static final String NAME = "NamespaceLifecycle";
    private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    private final ClusterReader reader;

    public NamespaceLifecycle(ClusterReader reader) {
        this.reader = reader;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.NAMESPACE_LIFECYCLE;
    }

    @Override
    public void admit(AdmissionAttributes a) {
        if (a.operation() == Operation.DELETE && a.isCore("namespaces") && IMMORTAL.contains(a.name())) {
            throw AdmissionErrors.forbidden(a, "this namespace may not be deleted");
        }
        if (a.operation() != Operation.CREATE || !a.definition().namespaced()) {
            return;
        }
        // upstream lets a namespace's own content created by the system through while it terminates only for
        // events and tokens; Capstan keeps it simple: every create is refused
        Optional<ObjectNode> namespace = reader.get("", "namespaces", null, a.namespace());
        if (namespace.isEmpty()) {
            throw ApiErrors.namespaceNotFound(a.namespace());
        }
        if (Meta.isDeleting(namespace.get())) {
            throw ApiErrors.namespaceTerminating(a.definition(), a.name(), a.namespace());
        }
    }
}
