package dev.capstan.controllers.endpointslice;

import dev.capstan.controllers.endpoints.EndpointPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/** One pod as an EndpointSlice endpoint, and the ports it offers (upstream {@code podToEndpoint}, {@code getEndpointPorts}). */
public final class SliceEndpoints {

    private SliceEndpoints() {
    }

    /** Slices include terminating pods (marked so); only pods without IP or finished are left out. */
    public static boolean included(Pod pod) {
        return EndpointPods.shouldBeInEndpoints(pod, true);
    }

    /**
     * Conditions as upstream: serving is the pod's readiness, terminating its deletion, and ready means
     * serving and not terminating — unless the service publishes not-ready addresses, then always ready.
     */
    public static Endpoint endpoint(Service service, Pod pod, Function<String, String> zoneOfNode) {
        boolean serving = EndpointPods.isReady(pod);
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        boolean ready = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses()) || (serving && !terminating);
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        EndpointBuilder endpoint = new EndpointBuilder().withAddresses(EndpointPods.ip(pod))
                .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef();
        if (nodeName != null && !nodeName.isEmpty()) {
            endpoint.withNodeName(nodeName).withZone(zoneOfNode.apply(nodeName));
        }
        if (EndpointPods.shouldSetHostname(pod, service)) {
            endpoint.withHostname(pod.getSpec().getHostname());
        }
        return endpoint.build();
    }

    /** The service's ports as this pod resolves them; a named port the pod lacks is left out for this pod. */
    public static List<EndpointPort> ports(Service service, Pod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort servicePort : service.getSpec().getPorts() == null ? List.<ServicePort>of() : service.getSpec().getPorts()) {
            OptionalInt number = EndpointPods.findPort(pod, servicePort);
            if (number.isPresent()) {
                ports.add(new EndpointPortBuilder().withName(servicePort.getName() == null ? "" : servicePort.getName())
                        .withPort(number.getAsInt())
                        .withProtocol(servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol())
                        .withAppProtocol(servicePort.getAppProtocol()).build());
            }
        }
        return ports;
    }
}
