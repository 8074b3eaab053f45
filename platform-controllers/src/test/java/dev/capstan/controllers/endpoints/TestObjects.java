package dev.capstan.controllers.endpoints;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.Map;

/** Pods and services for the endpoints tests. */
final class TestObjects {

    private TestObjects() {
    }

    /** A service selecting app=web with one port; targetPort an int, a name, or null. */
    static Service service(Object targetPort, boolean publishNotReady) {
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("ns").withLabels(Map.of("tier", "front"))
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withClusterIP("10.0.0.10").withSelector(Map.of("app", "web"))
                .withPublishNotReadyAddresses(publishNotReady)
                .withPorts(new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP")
                        .withTargetPort(targetPort == null ? null : new IntOrString(targetPort)).build())
                .endSpec().build();
    }

    /** A pod; ip null for none, phase e.g. Running, ready its Ready condition, deleting with a deletion timestamp. */
    static Pod pod(String name, String ip, String phase, boolean ready, boolean deleting) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withLabels(Map.of("app", "web")).withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withNodeName("node-1")
                .addNewContainer().withName("app").withImage("nginx")
                .withPorts(new ContainerPortBuilder().withName("web-port").withContainerPort(8080).build()).endContainer()
                .endSpec()
                .withNewStatus().withPhase(phase).withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime("2026-01-01T00:01:00Z").endCondition().endStatus();
        if (deleting) {
            pod.editMetadata().withDeletionTimestamp("2026-01-01T00:02:00Z").endMetadata();
        }
        return pod.build();
    }
}
