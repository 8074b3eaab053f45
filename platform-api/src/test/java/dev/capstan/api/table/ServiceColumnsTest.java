package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.onlyRow;
import static dev.capstan.api.table.TableAssertions.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ServiceColumnsTest {

    private static ServiceBuilder service(String type) {
        return new ServiceBuilder()
                .withNewMetadata().withName("web").withNamespace("default").withCreationTimestamp(ago(5))
                .endMetadata()
                .withNewSpec().withType(type).withClusterIP("10.96.0.10").withClusterIPs("10.96.0.10")
                .addToSelector("app", "web")
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort()
                .addNewPort().withName("https").withPort(443).withNodePort(30443).withProtocol("TCP").endPort()
                .endSpec();
    }

    @Test
    void serviceShowsPortsWithNodePortsAndTheWideSelector() {
        JsonNode table = table("", "Service", service("NodePort").build());

        assertThat(TableAssertions.defaultColumnNames(table))
                .containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age");
        assertThat(TableAssertions.wideColumnNames(table)).containsExactly("Selector");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Type", "NodePort")
                .containsEntry("Cluster-IP", "10.96.0.10")
                .containsEntry("External-IP", "<none>")
                .containsEntry("Port(s)", "80/TCP,443:30443/TCP")
                .containsEntry("Age", "5s")
                .containsEntry("Selector", "app=web");
    }

    @Test
    void loadBalancerWithoutIngressIsPending() {
        assertThat(onlyRow("", "Service", service("LoadBalancer").build()))
                .containsEntry("External-IP", "<pending>");
    }

    @Test
    void loadBalancerListsIngressAddressesThenExternalIps() {
        Service svc = service("LoadBalancer").editSpec().withExternalIPs("192.0.2.9").endSpec()
                .withNewStatus().withNewLoadBalancer()
                .addNewIngress().withIp("203.0.113.5").endIngress()
                .addNewIngress().withHostname("lb.example.com").endIngress()
                .endLoadBalancer().endStatus().build();

        assertThat(onlyRow("", "Service", svc))
                .containsEntry("External-IP", "203.0.113.5,lb.example.com,192.0.2.9");
    }

    @Test
    void externalNameServiceShowsTheNameAndHeadlessShowsNone() {
        Service external = new ServiceBuilder().withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("db.example.com").endSpec().build();
        Service headless = service("ClusterIP").editSpec().withClusterIP("None").withClusterIPs("None")
                .withPorts().withSelector(null).endSpec().build();

        assertThat(onlyRow("", "Service", external)).containsEntry("External-IP", "db.example.com")
                .containsEntry("Cluster-IP", "<none>").containsEntry("Age", "<unknown>");
        assertThat(onlyRow("", "Service", headless)).containsEntry("Cluster-IP", "None")
                .containsEntry("Port(s)", "<none>").containsEntry("Selector", "<none>");
    }

    @Test
    void endpointsListTheFirstThreeAddressPortsThenHowManyMore() {
        EndpointsBuilder endpoints = new EndpointsBuilder().withNewMetadata().withName("web").endMetadata()
                .addNewSubset()
                .addNewAddress().withIp("10.0.0.1").endAddress()
                .addNewAddress().withIp("10.0.0.2").endAddress()
                .addNewAddress().withIp("fd00::3").endAddress()
                .addNewPort().withPort(8080).endPort()
                .addNewPort().withPort(8443).endPort()
                .endSubset();

        assertThat(onlyRow("", "Endpoints", endpoints.build()))
                .containsEntry("Endpoints", "10.0.0.1:8080,10.0.0.2:8080,[fd00::3]:8080 + 3 more...");
        assertThat(onlyRow("", "Endpoints", new EndpointsBuilder().withNewMetadata().withName("none")
                .endMetadata().build())).containsEntry("Endpoints", "<none>");
    }

    @Test
    void endpointSliceShowsAddressTypePortsAndAddresses() {
        JsonNode table = table("discovery.k8s.io", "EndpointSlice", new EndpointSliceBuilder()
                .withNewMetadata().withName("web-abc").withCreationTimestamp(ago(120)).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(80).endPort()
                .addNewEndpoint().withAddresses("10.0.0.1").endEndpoint()
                .addNewEndpoint().withAddresses("10.0.0.2").endEndpoint()
                .build());

        assertThat(TableAssertions.columnNames(table))
                .containsExactly("Name", "AddressType", "Ports", "Endpoints", "Age");
        assertThat(TableAssertions.row(table, 0)).containsEntry("AddressType", "IPv4")
                .containsEntry("Ports", "80").containsEntry("Endpoints", "10.0.0.1,10.0.0.2")
                .containsEntry("Age", "2m");
    }

    @Test
    void emptyEndpointSliceShowsUnset() {
        assertThat(onlyRow("discovery.k8s.io", "EndpointSlice", new EndpointSliceBuilder()
                .withNewMetadata().withName("web-abc").endMetadata().withAddressType("IPv4").build()))
                .containsEntry("Ports", "<unset>").containsEntry("Endpoints", "<unset>");
    }
}
