package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node IPAM controller in a running server, with a cluster CIDR of two /24s: registered Nodes get distinct
 * pod CIDRs in {@code spec.podCIDR} and {@code spec.podCIDRs}, a third one gets {@code CIDRNotAvailable}, and it
 * gets the block of a deleted Node.
 */
class NodeIpamIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.controllers.nodeipam.cluster-cidr=10.99.0.0/23");

    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void nodesGetTheirOwnPodCidrsAndADeletedNodesBlockGoesToTheNodeThatWaited() {
        register("ipam-1");
        register("ipam-2");
        String first = awaitPodCidr("ipam-1");
        String second = awaitPodCidr("ipam-2");
        assertThat(first).isNotEqualTo(second).startsWith("10.99.");
        assertThat(second).startsWith("10.99.").endsWith("/24");
        assertThat(client.nodes().withName("ipam-1").get().getSpec().getPodCIDRs()).containsExactly(first);

        register("ipam-3");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default")
                .list().getItems()).anySatisfy(event -> {
                    assertThat(event.getInvolvedObject().getName()).isEqualTo("ipam-3");
                    assertThat(event.getReason()).isEqualTo("CIDRNotAvailable");
                }));

        client.nodes().withName("ipam-1").delete();

        assertThat(awaitPodCidr("ipam-3")).isEqualTo(first);
    }

    private static void register(String name) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    private static String awaitPodCidr(String name) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            Node node = client.nodes().withName(name).get();
            return node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        }, cidr -> cidr != null);
    }
}
