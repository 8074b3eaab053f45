package dev.capstan.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import dev.capstan.server.security.AuditLogFile;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Admission webhooks served by the test over HTTPS (self-signed certificate + caBundle): a mutating one reached
 * through a Service's Endpoints labels pods, a validating one reached by URL refuses some.
 */
class WebhookIT {

    static final AuditLogFile AUDIT = new AuditLogFile("""
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
              - level: Metadata
                resources: [{group: "", resources: ["pods"]}]
              - level: None
            """);

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(AUDIT.serverArgs());

    static KubernetesClient client;
    static TestWebhookServer webhooks;

    @BeforeAll
    static void start() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        webhooks = new TestWebhookServer("hooks.webhooks.svc");
        webhooks.handle("/label", request -> {
            String patch = "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"mutated-by\":\"webhook\"}}]";
            var response = TestWebhookServer.JSON.createObjectNode().put("allowed", true).put("patchType", "JSONPatch")
                    .put("patch", Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)));
            return response;
        });
        webhooks.handle("/refuse", request -> {
            boolean refused = request.path("object").path("metadata").path("name").asString().startsWith("refused");
            var response = TestWebhookServer.JSON.createObjectNode().put("allowed", !refused);
            response.putObject("auditAnnotations").put("verdict", refused ? "refused" : "welcome");
            if (refused) {
                response.putObject("status").put("code", 403).put("message", "pods named refused-* are not welcome");
            }
            return response;
        });
        for (String ns : new String[] {"webhooks", "hooked"}) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels("hooks", ns.equals("hooked") ? "on" : "off").endMetadata().build()).create();
        }
        // the webhook's Service: the API server resolves it to its Endpoints (the test's server on 127.0.0.1)
        client.services().inNamespace("webhooks").resource(new ServiceBuilder().withNewMetadata().withName("hooks")
                .endMetadata().withNewSpec().addNewPort().withName("https").withPort(443).endPort().endSpec().build()).create();
        client.endpoints().inNamespace("webhooks").resource(new EndpointsBuilder().withNewMetadata().withName("hooks")
                .endMetadata().addNewSubset().addNewAddress().withIp("127.0.0.1").endAddress().addNewPort().withName("https")
                .withPort(webhooks.port()).endPort().endSubset().build()).createOr(e -> e.update());
        String ca = webhooks.caBundle();
        client.resource(new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("labeler").endMetadata()
                .addNewWebhook().withName("labeler.capstan.dev").withAdmissionReviewVersions("v1").withSideEffects("None")
                .withNewClientConfig().withCaBundle(ca).withNewService().withNamespace("webhooks").withName("hooks")
                .withPath("/label").endService().endClientConfig()
                .addNewRule().withOperations("CREATE").withApiGroups("").withApiVersions("v1").withResources("pods").endRule()
                .withNewNamespaceSelector().addToMatchLabels("hooks", "on").endNamespaceSelector()
                .endWebhook().build()).create();
        client.resource(new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("gate").endMetadata()
                .addNewWebhook().withName("gate.capstan.dev").withAdmissionReviewVersions("v1").withSideEffects("None")
                .withNewClientConfig().withCaBundle(ca).withUrl("https://127.0.0.1:" + webhooks.port() + "/refuse")
                .endClientConfig()
                .addNewRule().withOperations("CREATE").withApiGroups("").withApiVersions("v1").withResources("pods").endRule()
                .withNewNamespaceSelector().addToMatchLabels("hooks", "on").endNamespaceSelector()
                .endWebhook().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.serviceAccounts().inNamespace("hooked").withName("default").get() != null);
    }

    @AfterAll
    static void stop() {
        webhooks.close();
        client.close();
    }

    static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    }

    @Test
    void theMutatingWebhookLabelsANewPod() {
        Pod created = client.pods().inNamespace("hooked").resource(pod("labelled")).create();

        assertThat(created.getMetadata().getLabels()).containsEntry("mutated-by", "webhook");
        assertThat(client.pods().inNamespace("hooked").withName("labelled").get().getMetadata().getLabels())
                .containsEntry("mutated-by", "webhook");
    }

    @Test
    void theValidatingWebhookRefusesAPodWithItsMessage() {
        assertThatThrownBy(() -> client.pods().inNamespace("hooked").resource(pod("refused-1")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).isEqualTo(
                            "admission webhook \"gate.capstan.dev\" denied the request: pods named refused-* are not welcome");
                });
        assertThat(client.pods().inNamespace("hooked").withName("refused-1").get()).isNull();
        // the webhook's auditAnnotations land in the request's audit event, prefixed with the webhook's name
        JsonNode refused = AUDIT.awaitEvent(e -> e.path("verb").asString().equals("create")
                && e.path("objectRef").path("name").asString().equals("refused-1"), Duration.ofSeconds(30));
        assertThat(refused.path("responseStatus").path("code").asInt()).isEqualTo(403);
        assertThat(refused.path("annotations").path("gate.capstan.dev/verdict").asString()).isEqualTo("refused");
    }

    @Test
    void namespacesOutsideTheSelectorAreNotSentToTheWebhooks() {
        Pod created = client.pods().inNamespace("webhooks").resource(pod("refused-2")).create();

        assertThat(created.getMetadata().getLabels()).doesNotContainKey("mutated-by");
    }
}
