package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The namespace controller and the serviceaccount controller end to end: a new namespace gets its
 * {@code default} ServiceAccount (again after it is deleted); {@code kubectl delete namespace} shows it
 * Terminating with the upstream conditions while content remains, then the content and the namespace are gone.
 * Pods run on simulated nodes whose kubelet confirms graceful deletions.
 */
class NamespaceIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static KubernetesClient client;
    static Kubectl kubectl;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        kubectl = new Kubectl(SERVER.kubeconfig());
        nodes = new SimulatedNodes(client);
        nodes.create(2, NodeShape.standard("node-"));
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    @Test
    void aNewNamespaceGetsADefaultServiceAccountThatComesBack() {
        kubectl.run("create", "namespace", "sa-test").ok();

        await().atMost(TIMEOUT).until(() -> client.serviceAccounts().inNamespace("sa-test").withName("default").get() != null);
        String first = client.serviceAccounts().inNamespace("sa-test").withName("default").get().getMetadata().getUid();

        kubectl.run("delete", "serviceaccount", "default", "-n", "sa-test").ok();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            ServiceAccount again = client.serviceAccounts().inNamespace("sa-test").withName("default").get();
            assertThat(again).isNotNull();
            assertThat(again.getMetadata().getUid()).isNotEqualTo(first);
        });
    }

    @Test
    void deletingANamespaceRemovesItsContentThenTheNamespace() {
        String ns = "doomed";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        for (int i = 0; i < 3; i++) {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i)
                    .endMetadata().withData(Map.of("k", "v")).build()).create();
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("secret-" + i)
                    .endMetadata().withStringData(Map.of("k", "v")).build()).create();
            client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("pod-" + i).endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        }
        // a ConfigMap held by a finalizer keeps the namespace Terminating, so the conditions can be seen
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .withFinalizers("example.com/hold").endMetadata().build()).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            nodes.runBoundPods();
            assertThat(client.pods().inNamespace(ns).list().getItems())
                    .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
        });

        kubectl.run("delete", "namespace", ns, "--wait=false").ok();

        assertThat(kubectl.run("get", "namespace", ns).ok().out()).contains("Terminating");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            nodes.runBoundPods();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.secrets().inNamespace(ns).list().getItems()).isEmpty();
            Namespace terminating = client.namespaces().withName(ns).get();
            assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
            assertThat(terminating.getStatus().getConditions()).filteredOn(c -> c.getType().equals("NamespaceContentRemaining"))
                    .singleElement().satisfies(c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("SomeResourcesRemain");
                        assertThat(c.getMessage()).isEqualTo("Some resources are remaining: configmaps. has 1 resource instances");
                    });
            assertThat(terminating.getStatus().getConditions()).extracting(NamespaceCondition::getType)
                    .contains("NamespaceFinalizersRemaining", "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionContentFailure");
        });

        client.configMaps().inNamespace(ns).withName("held").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            nodes.runBoundPods();
            assertThat(client.namespaces().withName(ns).get()).isNull();
        });
        assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
    }
}
