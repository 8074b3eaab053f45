package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The disruption controller in a real server: minAvailable 2 over 3 ready pods allows one disruption. */
class PodDisruptionBudgetIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.create(2, NodeShape.standard("pdb-node-"));
        nodes.runBoundPods();
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    private static PodDisruptionBudget status() {
        return client.resources(PodDisruptionBudget.class).inNamespace("default").withName("web").get();
    }

    @Test
    void minAvailableTwoOverThreeReadyPodsAllowsOneDisruption() {
        for (int i = 0; i < 3; i++) {
            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("pdb-web-" + i)
                    .withLabels(Map.of("app", "pdb-web")).endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build()).create();
        }
        client.resources(PodDisruptionBudget.class).inNamespace("default").resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(2))
                .withNewSelector().withMatchLabels(Map.of("app", "pdb-web")).endSelector().endSpec().build()).create();

        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            PodDisruptionBudget pdb = status();
            assertThat(pdb.getStatus()).isNotNull();
            assertThat(pdb.getStatus().getCurrentHealthy()).isEqualTo(3);
            assertThat(pdb.getStatus().getDisruptionsAllowed()).isEqualTo(1);
        });
        PodDisruptionBudget pdb = status();
        assertThat(pdb.getStatus().getDesiredHealthy()).isEqualTo(2);
        assertThat(pdb.getStatus().getExpectedPods()).isEqualTo(3);
        assertThat(pdb.getStatus().getObservedGeneration()).isEqualTo(pdb.getMetadata().getGeneration());
        assertThat(pdb.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("DisruptionAllowed");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("SufficientPods");
        });
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(status().getMetadata().getResourceVersion()).as("no rewrites without changes")
                        .isEqualTo(pdb.getMetadata().getResourceVersion()));
        String kubectl = new Kubectl(SERVER.kubeconfig()).run("get", "pdb", "web").ok().out();
        assertThat(kubectl.lines().skip(1).findFirst().orElseThrow()).matches("web\\s+2\\s+N/A\\s+1\\s+.*");

        client.pods().inNamespace("default").withName("pdb-web-0").delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(status().getStatus().getDisruptionsAllowed()).isZero();
            assertThat(status().getStatus().getConditions().get(0).getReason()).isEqualTo("InsufficientPods");
        });
    }
}
