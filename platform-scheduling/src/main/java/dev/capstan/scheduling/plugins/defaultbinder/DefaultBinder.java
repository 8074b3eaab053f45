package dev.capstan.scheduling.plugins.defaultbinder;

import dev.capstan.scheduling.BindPlugin;
import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Upstream's {@code DefaultBinder} plugin: binds the pod by POSTing a Binding to its {@code pods/{name}/binding}
 * subresource, as client-go's {@code Pods(ns).Bind} does. The Binding carries the pod's UID so a pod deleted and
 * recreated under the same name in the meantime is not bound by mistake.
 *
 * <p>Fabric8's {@code client.bindings()} posts to the namespace's {@code bindings} collection instead, which Capstan
 * does not serve, and its pod DSL has no bind operation; so the request goes through {@link KubernetesClient#raw},
 * which still uses the client's configuration, authentication and serialization.
 */
public final class DefaultBinder implements BindPlugin {

    public static final String NAME = "DefaultBinder";

    private final KubernetesClient client;

    public DefaultBinder(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status bind(CycleState state, Pod pod, String nodeName) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Binding binding = new BindingBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withUid(pod.getMetadata().getUid()).endMetadata()
                .withNewTarget().withKind("Node").withApiVersion("v1").withName(nodeName).endTarget()
                .build();
        try {
            client.raw("/api/v1/namespaces/" + namespace + "/pods/" + name + "/binding", "POST", binding);
            return Status.success();
        } catch (KubernetesClientException e) {
            return Status.error(e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage());
        } catch (RuntimeException e) {
            return Status.error("binding pod " + namespace + "/" + name + " to node " + nodeName + ": " + e);
        }
    }
}
