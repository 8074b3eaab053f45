package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;

/** Services and EndpointSlices as the API server would hold them, built with the Fabric8 builders. */
final class Fixtures {

    private Fixtures() {
    }

    static Service clusterIpService(String namespace, String name, String clusterIp, ServicePort... ports) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withClusterIPs(clusterIp)
                .withPorts(ports).endSpec()
                .build();
    }

    static Service headlessService(String namespace, String name, ServicePort... ports) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("None").withClusterIPs("None")
                .withPorts(ports).endSpec()
                .build();
    }

    static Service externalNameService(String namespace, String name, String externalName) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(externalName).endSpec()
                .build();
    }

    static ServicePort port(String name, String protocol, int port) {
        return new ServicePortBuilder().withName(name).withProtocol(protocol).withPort(port).build();
    }

    static EndpointPort endpointPort(String name, String protocol, int port) {
        return new EndpointPortBuilder().withName(name).withProtocol(protocol).withPort(port).build();
    }

    static Endpoint ready(String address) {
        return endpoint(address, null, true);
    }

    static Endpoint endpoint(String address, String hostname, boolean ready) {
        return new EndpointBuilder().withAddresses(address).withHostname(hostname)
                .withNewConditions().withReady(ready).endConditions().build();
    }

    static EndpointSlice slice(String namespace, String service, String sliceName, List<Endpoint> endpoints,
            EndpointPort... ports) {
        String addressType = endpoints.isEmpty() || endpoints.get(0).getAddresses().get(0).contains(".") ? "IPv4" : "IPv6";
        return new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(sliceName)
                .addToLabels(DirectoryIndexes.SERVICE_NAME_LABEL, service).endMetadata()
                .withAddressType(addressType)
                .withEndpoints(endpoints)
                .withPorts(ports)
                .build();
    }
}
