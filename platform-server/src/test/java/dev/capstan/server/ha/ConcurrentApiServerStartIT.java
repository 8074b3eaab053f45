package dev.capstan.server.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.server.CapstanProcess;
import dev.capstan.testkit.etcd.EtcdProcess;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two {@code capstan apiserver} processes started at the same moment on one empty etcd: both bootstrap the same
 * objects at once (system namespaces, the RBAC bootstrap policy, the {@code kubernetes} Service and its address
 * claim). Both must come up, and the result must be what one server makes: one {@code kubernetes} Service on the
 * range's first address, which no other Service can get. A third server with a PKI of its own (its data directory
 * not a copy of theirs) is refused: it exits at start, saying what to copy.
 */
class ConcurrentApiServerStartIT {

    @Test
    void twoApiServersBootstrappingTheSameEtcdAtOnceBothStartAndAgree() {
        Duration unused = Duration.ofSeconds(1); // no components run here: the lease settings do not matter
        try (EtcdProcess etcd = EtcdProcess.startNew();
             HaControlPlane plane = new HaControlPlane(etcd.clientUrl(), 2, unused, unused, unused)) {
            plane.startApiServersAtOnce();
            for (int i = 0; i < 2; i++) {
                try (KubernetesClient client = FailoverClients.client(plane.kubeconfig(i))) {
                    Service kubernetes = client.services().inNamespace("default").withName("kubernetes").get();
                    assertThat(kubernetes.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
                    assertThat(client.namespaces().list().getItems()).extracting(ns -> ns.getMetadata().getName())
                            .contains("default", "kube-system", "kube-public", "kube-node-lease");
                    assertThat(client.rbac().clusterRoles().withName("cluster-admin").get()).isNotNull();
                    assertThatThrownBy(() -> client.services().inNamespace("default").resource(new ServiceBuilder()
                            .withNewMetadata().withName("impostor").endMetadata()
                            .withNewSpec().withClusterIP("10.96.0.1").addNewPort().withPort(80).endPort().endSpec()
                            .build()).create())
                            .as("the kubernetes Service's address is claimed by it")
                            .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
                }
            }
            aServerWithAnotherPkiIsRefused(etcd.clientUrl());
        }
    }

    private static void aServerWithAnotherPkiIsRefused(String etcdServers) {
        Duration unused = Duration.ofSeconds(1);
        try (HaControlPlane other = new HaControlPlane(etcdServers, 1, unused, unused, unused)) {
            CapstanProcess stranger = other.apiServer(0); // a fresh data directory: it makes a PKI of its own
            stranger.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> !stranger.isAlive());
            assertThat(stranger.logContains("is not the one the cluster in the store was set up with")).as(stranger.tail())
                    .isTrue();
        }
    }
}
