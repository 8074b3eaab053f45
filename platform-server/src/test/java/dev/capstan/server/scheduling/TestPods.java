package dev.capstan.server.scheduling;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Small pods for scheduling tests: one pause-like container with a CPU request. */
final class TestPods {

    private TestPods() {
    }

    static Pod pod(String namespace, String name, String cpu, Map<String, String> labels) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("busybox")
                .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("64Mi")))
                .endResources().endContainer()
                .endSpec().build();
    }

    static Pod create(KubernetesClient client, Pod pod) {
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    static Pod create(KubernetesClient client, String namespace, String name, String cpu, Map<String, String> labels) {
        return create(client, pod(namespace, name, cpu, labels));
    }

    static Pod create(KubernetesClient client, String namespace, String name, String cpu, Map<String, String> labels,
                      UnaryOperator<PodBuilder> customize) {
        return create(client, customize.apply(new PodBuilder(pod(namespace, name, cpu, labels))).build());
    }

    static String nodeOf(KubernetesClient client, String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        return pod == null ? null : pod.getSpec().getNodeName();
    }

    static List<Pod> list(KubernetesClient client, String namespace) {
        return client.pods().inNamespace(namespace).list().getItems();
    }
}
