package dev.capstan.controllers.namespace;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Upstream's namespace controller (pkg/controller/namespace): a namespace marked for deletion (phase
 * Terminating) has all its content deleted; while some remains the status conditions say what and the key
 * is looked at again; once empty the {@code kubernetes} finalizer is removed through the {@code finalize}
 * subresource and the API server deletes the namespace.
 */
public final class NamespaceController implements Controller {

    /** Upstream v1.FinalizerKubernetes. */
    static final String FINALIZER = "kubernetes";

    /** How soon to look again while content remains (upstream estimates from pod grace periods, then requeues). */
    private static final Duration RECHECK = Duration.ofSeconds(2);

    private static final int FINALIZE_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Lister<Namespace> namespaces;
    private final NamespaceContentDeleter deleter;
    private final Clock clock;

    public NamespaceController(ControllerContext context) {
        this(context, Clock.systemUTC());
    }

    NamespaceController(ControllerContext context, Clock clock) {
        this.client = context.client();
        this.namespaces = context.lister(Namespace.class);
        this.deleter = new NamespaceContentDeleter(client);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "namespace";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Namespace.class);
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Namespace namespace = namespaces.get(null, key.name());
        if (namespace == null || namespace.getMetadata().getDeletionTimestamp() == null) {
            return Result.done();
        }
        List<String> finalizers = namespace.getSpec() == null || namespace.getSpec().getFinalizers() == null
                ? List.of() : namespace.getSpec().getFinalizers();
        if (!finalizers.contains(FINALIZER)) {
            return Result.done();
        }
        ContentTotals totals = deleter.deleteAll(key.name());
        updateConditions(namespace, totals);
        if (totals.failed()) {
            // rate-limited retry, as upstream returns the error
            throw new IllegalStateException("namespace " + key.name() + ": content deletion failed: "
                    + (totals.discoveryError() != null ? totals.discoveryError() : totals.deleteErrors()));
        }
        if (totals.contentRemains()) {
            return Result.requeueAfter(RECHECK);
        }
        finalizeNamespace(key.name());
        return Result.done();
    }

    private void updateConditions(Namespace namespace, ContentTotals totals) {
        List<NamespaceCondition> conditions = NamespaceConditions.update(
                namespace.getStatus() == null ? null : namespace.getStatus().getConditions(), totals,
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (conditions == null) {
            return;
        }
        Namespace copy = new NamespaceBuilder(namespace).editOrNewStatus().withConditions(conditions).endStatus().build();
        try {
            client.namespaces().resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            // a conflict or a namespace already gone: the next pass writes fresher conditions
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
        }
    }

    /**
     * PUT .../namespaces/{name}/finalize with spec.finalizers minus "kubernetes", on the latest namespace and
     * again on a conflict (upstream retryOnConflictError): the status write just before changed its version.
     */
    private void finalizeNamespace(String name) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + name + "/finalize";
        for (int attempt = 1; ; attempt++) {
            Namespace latest = client.namespaces().withName(name).get();
            if (latest == null || latest.getSpec() == null || latest.getSpec().getFinalizers() == null
                    || !latest.getSpec().getFinalizers().contains(FINALIZER)) {
                return;
            }
            Namespace copy = new NamespaceBuilder(latest).editSpec()
                    .withFinalizers(latest.getSpec().getFinalizers().stream().filter(f -> !f.equals(FINALIZER)).toList()).endSpec().build();
            try {
                client.raw(url, "PUT", copy);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= FINALIZE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
