package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.onlyRow;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import org.junit.jupiter.api.Test;

class NetworkingColumnsTest {

    @Test
    void ingressShowsClassHostsAddressAndTlsPorts() {
        IngressBuilder ingress = new IngressBuilder()
                .withNewMetadata().withName("web").withCreationTimestamp(ago(60)).endMetadata()
                .withNewSpec().withIngressClassName("nginx")
                .addNewRule().withHost("a.example.com").endRule()
                .addNewRule().withHost("b.example.com").endRule()
                .addNewTl().withHosts("a.example.com").withSecretName("tls").endTl()
                .endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("203.0.113.5").endIngress()
                .endLoadBalancer().endStatus();

        assertThat(onlyRow("networking.k8s.io", "Ingress", ingress.build()))
                .containsEntry("Class", "nginx")
                .containsEntry("Hosts", "a.example.com,b.example.com")
                .containsEntry("Address", "203.0.113.5")
                .containsEntry("Ports", "80, 443")
                .containsEntry("Age", "60s");
    }

    @Test
    void ingressWithoutHostsOrClassShowsStarAndNone() {
        assertThat(onlyRow("networking.k8s.io", "Ingress", new IngressBuilder()
                .withNewMetadata().withName("catch-all").endMetadata()
                .withNewSpec().addNewRule().endRule().endSpec().build()))
                .containsEntry("Class", "<none>").containsEntry("Hosts", "*").containsEntry("Address", "")
                .containsEntry("Ports", "80");
    }

    @Test
    void ingressWithManyHostsCountsTheRest() {
        IngressBuilder ingress = new IngressBuilder().withNewMetadata().withName("many").endMetadata()
                .withNewSpec()
                .addNewRule().withHost("a").endRule().addNewRule().withHost("b").endRule()
                .addNewRule().withHost("c").endRule().addNewRule().withHost("d").endRule()
                .addNewRule().withHost("e").endRule()
                .endSpec();

        assertThat(onlyRow("networking.k8s.io", "Ingress", ingress.build()))
                .containsEntry("Hosts", "a,b,c + 2 more...");
    }

    @Test
    void ingressClassShowsControllerAndParameters() {
        assertThat(onlyRow("networking.k8s.io", "IngressClass", new IngressClassBuilder()
                .withNewMetadata().withName("nginx").endMetadata()
                .withNewSpec().withController("k8s.io/ingress-nginx")
                .withNewParameters().withApiGroup("k8s.example.com").withKind("IngressParameters")
                .withName("external-lb").endParameters()
                .endSpec().build()))
                .containsEntry("Controller", "k8s.io/ingress-nginx")
                .containsEntry("Parameters", "IngressParameters.k8s.example.com/external-lb");
    }

    @Test
    void networkPolicyShowsPodSelectorOrNoneForAllPods() {
        assertThat(onlyRow("networking.k8s.io", "NetworkPolicy", new NetworkPolicyBuilder()
                .withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "db")
                .addNewMatchExpression().withKey("legacy").withOperator("DoesNotExist").endMatchExpression()
                .endPodSelector().endSpec().build()))
                .containsEntry("Pod-Selector", "app=db,!legacy");
        assertThat(onlyRow("networking.k8s.io", "NetworkPolicy", new NetworkPolicyBuilder()
                .withNewMetadata().withName("deny-all").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().endSpec().build()))
                .containsEntry("Pod-Selector", "<none>");
    }
}
