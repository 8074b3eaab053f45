package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
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

/** The resource quota controller in a real server: status.used follows the pods created in the namespace. */
class ResourceQuotaIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("quota").endMetadata().build()).create();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    private static Map<String, Quantity> used() {
        ResourceQuota quota = client.resourceQuotas().inNamespace("quota").withName("compute").get();
        return quota.getStatus() == null || quota.getStatus().getUsed() == null ? Map.of() : quota.getStatus().getUsed();
    }

    private static void createPod(String name, String cpu) {
        client.pods().inNamespace("quota").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx")
                .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu))).endResources().endContainer().endSpec()
                .build()).create();
    }

    @Test
    void usedCountsThePodsAndTheirCpuRequests() {
        client.resourceQuotas().inNamespace("quota").resource(new ResourceQuotaBuilder().withNewMetadata().withName("compute").endMetadata()
                .withNewSpec().withHard(Map.of("pods", new Quantity("10"), "requests.cpu", new Quantity("2"))).endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(used()).containsEntry("pods", new Quantity("0")).containsEntry("requests.cpu", new Quantity("0")));
        ResourceQuota quota = client.resourceQuotas().inNamespace("quota").withName("compute").get();
        assertThat(quota.getStatus().getHard()).containsEntry("pods", new Quantity("10")).containsEntry("requests.cpu", new Quantity("2"));

        createPod("a", "500m");
        createPod("b", "500m");
        createPod("c", "500m");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(used().get("pods")).hasToString("3");
            assertThat(used().get("requests.cpu")).hasToString("1500m");
        });

        String version = client.resourceQuotas().inNamespace("quota").withName("compute").get().getMetadata().getResourceVersion();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.resourceQuotas().inNamespace("quota").withName("compute").get().getMetadata().getResourceVersion())
                        .as("no rewrites without changes").isEqualTo(version));
        String describe = new Kubectl(SERVER.kubeconfig()).run("describe", "quota", "compute", "-n", "quota").ok().out();
        assertThat(describe).containsPattern("pods\\s+3\\s+10").containsPattern("requests.cpu\\s+1500m\\s+2");

        client.pods().inNamespace("quota").withName("a").withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(used().get("pods")).hasToString("2");
            assertThat(used().get("requests.cpu")).hasToString("1");
        });
    }
}
