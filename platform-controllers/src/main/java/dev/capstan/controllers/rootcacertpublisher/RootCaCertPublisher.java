package dev.capstan.controllers.rootcacertpublisher;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.serviceaccount.ServiceAccountsController;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's root-ca-cert-publisher (pkg/controller/certificates/rootcacertpublisher): every active namespace has
 * the ConfigMap {@code kube-root-ca.crt} with {@code ca.crt} = the cluster CA, which the projected service account
 * volume mounts next to the token so that pods can verify the API server. Rewritten when changed, recreated when
 * deleted.
 */
public final class RootCaCertPublisher implements Controller {

    static final String NAME = "kube-root-ca.crt";
    static final String DESCRIPTION = "kubernetes.io/description";
    static final String DESCRIPTION_TEXT = "Contains a CA bundle that can be used to verify the kube-apiserver when using "
            + "internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed "
            + "across distributions of Kubernetes clusters.";

    private final KubernetesClient client;
    private final Lister<Namespace> namespaces;
    private final Lister<ConfigMap> configMaps;
    private final String caPem;

    public RootCaCertPublisher(ControllerContext context, String caPem) {
        this.client = context.client();
        this.namespaces = context.lister(Namespace.class);
        this.configMaps = context.lister(ConfigMap.class);
        this.caPem = caPem;
    }

    @Override
    public String name() {
        return "root-ca-cert-publisher";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Namespace.class);
        watches.mapped(ConfigMap.class, cm -> NAME.equals(cm.getMetadata().getName())
                ? List.of(new ObjectKey("", cm.getMetadata().getNamespace())) : List.of());
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Namespace namespace = namespaces.get(null, key.name());
        if (caPem == null || !ServiceAccountsController.isActive(namespace)) {
            return Result.done();
        }
        ConfigMap existing = configMaps.get(key.name(), NAME);
        try {
            if (existing == null) {
                client.configMaps().inNamespace(key.name()).resource(new ConfigMapBuilder().withNewMetadata().withName(NAME)
                        .withNamespace(key.name()).withAnnotations(Map.of(DESCRIPTION, DESCRIPTION_TEXT)).endMetadata()
                        .withData(Map.of("ca.crt", caPem)).build()).create();
            } else if (existing.getData() == null || !Objects.equals(existing.getData().get("ca.crt"), caPem)) {
                ConfigMap copy = new ConfigMapBuilder(existing).withData(Map.of("ca.crt", caPem)).build();
                client.configMaps().inNamespace(key.name()).resource(copy).update();
            }
        } catch (KubernetesClientException e) {
            // AlreadyExists/Conflict: the cache lags and the next event brings it back; Forbidden/NotFound: terminating
            if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
        }
        return Result.done();
    }
}
