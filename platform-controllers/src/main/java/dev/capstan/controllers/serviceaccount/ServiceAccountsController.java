package dev.capstan.controllers.serviceaccount;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * Upstream's serviceaccount-controller (pkg/controller/serviceaccount/serviceaccounts_controller.go): every
 * active namespace has the {@code default} ServiceAccount, recreated when deleted. Keys are namespace names
 * (cluster-scoped keys); a ServiceAccount event queues its namespace.
 */
public final class ServiceAccountsController implements Controller {

    /** Upstream's DefaultServiceAccountName; the list mirrors its ServiceAccountsControllerOptions. */
    static final List<String> MANAGED = List.of("default");

    private final KubernetesClient client;
    private final Lister<Namespace> namespaces;
    private final Lister<ServiceAccount> serviceAccounts;

    public ServiceAccountsController(ControllerContext context) {
        this.client = context.client();
        this.namespaces = context.lister(Namespace.class);
        this.serviceAccounts = context.lister(ServiceAccount.class);
    }

    @Override
    public String name() {
        return "serviceaccount";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Namespace.class);
        watches.mapped(ServiceAccount.class, sa -> MANAGED.contains(sa.getMetadata().getName())
                ? List.of(new ObjectKey("", sa.getMetadata().getNamespace())) : List.of());
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Namespace namespace = namespaces.get(null, key.name());
        if (!isActive(namespace)) {
            return Result.done();
        }
        for (String name : MANAGED) {
            if (serviceAccounts.get(key.name(), name) != null) {
                continue;
            }
            ServiceAccount sa = new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(key.name())
                    .endMetadata().build();
            try {
                client.serviceAccounts().inNamespace(key.name()).resource(sa).create();
            } catch (KubernetesClientException e) {
                // AlreadyExists: the cache lags; Forbidden/NotFound: the namespace is terminating or gone
                if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) {
                    throw e;
                }
            }
        }
        return Result.done();
    }

    /** Upstream skips namespaces that are missing or not Active (terminating). */
    public static boolean isActive(Namespace namespace) {
        return namespace != null && namespace.getMetadata().getDeletionTimestamp() == null
                && (namespace.getStatus() == null || !"Terminating".equals(namespace.getStatus().getPhase()));
    }
}
