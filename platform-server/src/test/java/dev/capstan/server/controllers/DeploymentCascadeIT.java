package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
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

/**
 * The garbage collector behind {@code kubectl delete deployment}: by default the ReplicaSet and its pods go
 * with the Deployment; with {@code --cascade=orphan} they stay, without owner references.
 */
class DeploymentCascadeIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.create(2, NodeShape.standard("node-"));
        nodes.runBoundPods();
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    private static void deployment(String name) {
        client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> pods(name) == 2
                && client.apps().replicaSets().inNamespace("default").withLabel("app", name).list().getItems().size() == 1);
    }

    private static long pods(String app) {
        return client.pods().inNamespace("default").withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).count();
    }

    @Test
    void deletingADeploymentDeletesItsReplicaSetAndPods() {
        deployment("cascade");
        Kubectl.Result deleted = new Kubectl(SERVER.kubeconfig()).run("delete", "deployment", "cascade");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(client.apps().replicaSets().inNamespace("default").withLabel("app", "cascade").list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace("default").withLabel("app", "cascade").list().getItems()).isEmpty();
        });
    }

    @Test
    void cascadeOrphanKeepsTheReplicaSetAndPodsWithoutOwners() {
        deployment("orphaned");
        Kubectl.Result deleted = new Kubectl(SERVER.kubeconfig()).run("delete", "deployment", "orphaned", "--cascade=orphan");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.apps().deployments().inNamespace("default").withName("orphaned").get() == null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.apps().replicaSets().inNamespace("default")
                .withLabel("app", "orphaned").list().getItems()).singleElement()
                .satisfies(rs -> assertThat(rs.getMetadata().getOwnerReferences()).isNullOrEmpty()));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> pods("orphaned") == 2);
    }
}
