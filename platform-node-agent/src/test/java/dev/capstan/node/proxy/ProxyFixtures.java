package dev.capstan.node.proxy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;

import java.util.List;

/** Services and EndpointSlices as the API server would hand them to the proxy. */
final class ProxyFixtures {

    private ProxyFixtures() {
    }

    static ServiceBuilder service(String name, String clusterIp, String portName, int port, Object targetPort) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withClusterIPs(clusterIp)
                .withPorts(new ServicePortBuilder().withName(portName).withProtocol("TCP").withPort(port)
                        .withTargetPort(targetPort instanceof Integer i ? new IntOrString(i) : new IntOrString((String) targetPort))
                        .build())
                .withSessionAffinity("None")
                .endSpec();
    }

    static Service clusterIp(String name, String clusterIp, int port, int targetPort) {
        return service(name, clusterIp, "http", port, targetPort).build();
    }

    static Endpoint ready(String ip) {
        return new EndpointBuilder().withAddresses(ip).withNewConditions().withReady(true).withServing(true)
                .withTerminating(false).endConditions().build();
    }

    static Endpoint notReady(String ip) {
        return new EndpointBuilder().withAddresses(ip).withNewConditions().withReady(false).withServing(false)
                .withTerminating(false).endConditions().build();
    }

    static Endpoint terminating(String ip) {
        return new EndpointBuilder().withAddresses(ip).withNewConditions().withReady(false).withServing(true)
                .withTerminating(true).endConditions().build();
    }

    static EndpointSlice slice(String service, String portName, int port, Endpoint... endpoints) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withNamespace("default").withName(service + "-abc12")
                .addToLabels(ReadyEndpoints.SERVICE_NAME_LABEL, service).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort()
                .withEndpoints(List.of(endpoints))
                .build();
    }
}
