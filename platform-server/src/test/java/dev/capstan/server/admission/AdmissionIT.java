package dev.capstan.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admission chain in a real server, as a client sees it. */
class AdmissionIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    static void namespace(String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
        // the controller manager's serviceaccount controller makes "default", which pods need
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.serviceAccounts().inNamespace(name).withName("default").get() != null);
    }

    static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec();
    }

    @Test
    void parallelCreatesAgainstACountQuotaAdmitExactlyTheQuota() throws Exception {
        namespace("race", Map.of());
        // The root-ca-cert-publisher's kube-root-ca.crt counts too (as upstream): room for it plus ten.
        await().atMost(Duration.ofSeconds(30)).until(() -> client.configMaps().inNamespace("race").withName("kube-root-ca.crt").get() != null);
        client.resourceQuotas().inNamespace("race").resource(new ResourceQuotaBuilder().withNewMetadata()
                .withName("ten").endMetadata().withNewSpec().withHard(Map.of("configmaps", new Quantity("11")))
                .endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var status = client.resourceQuotas().inNamespace("race").withName("ten").get().getStatus();
            return status != null && status.getUsed() != null && status.getUsed().containsKey("configmaps");
        });

        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "cm-" + i;
            results.add(pool.submit((Callable<String>) () -> {
                try {
                    client.configMaps().inNamespace("race").resource(new ConfigMapBuilder().withNewMetadata()
                            .withName(name).endMetadata().addToData("k", "v").build()).create();
                    return "created";
                } catch (KubernetesClientException e) {
                    return e.getCode() + " " + e.getStatus().getMessage();
                }
            }));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();

        assertThat(outcomes).filteredOn("created"::equals).hasSize(10);
        assertThat(outcomes).filteredOn(o -> !o.equals("created")).hasSize(10).allSatisfy(o -> assertThat(o)
                .matches("403 configmaps \"cm-\\d+\" is forbidden: exceeded quota: ten, requested: configmaps=1, "
                        + "used: configmaps=11, limited: configmaps=11"));
        assertThat(client.configMaps().inNamespace("race").list().getItems()).hasSize(11);
        // the controller recomputes used from its caches, which may lag a moment behind admission's charges
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.resourceQuotas().inNamespace("race")
                .withName("ten").get().getStatus().getUsed()).containsEntry("configmaps", new Quantity("11")));
    }

    @Test
    void aRestrictedNamespaceRefusesAPrivilegedPod() {
        namespace("restricted", Map.of("pod-security.kubernetes.io/enforce", "restricted"));
        Pod privileged = pod("root").editSpec().editFirstContainer().withNewSecurityContext().withPrivileged(true)
                .endSecurityContext().endContainer().endSpec().build();

        assertThatThrownBy(() -> client.pods().inNamespace("restricted").resource(privileged).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).isEqualTo("pods \"root\" is forbidden: violates PodSecurity "
                            + "\"restricted:latest\": privileged (container \"c\" must not set securityContext.privileged=true), "
                            + "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), "
                            + "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), "
                            + "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), "
                            + "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to "
                            + "\"RuntimeDefault\" or \"Localhost\")");
                });
    }

    @Test
    void aBaselineWarnNamespaceWarnsKubectlAndAdmitsThePod() throws Exception {
        namespace("warned", Map.of("pod-security.kubernetes.io/warn", "baseline"));
        var manifest = """
                apiVersion: v1
                kind: Pod
                metadata: {name: netadmin}
                spec:
                  hostNetwork: true
                  containers:
                  - name: c
                    image: busybox
                """;
        Kubectl.Result result = new Kubectl(SERVER.kubeconfig()).run(Map.of(), manifest, "apply", "-n", "warned", "-f", "-").ok();

        assertThat(result.err()).contains("Warning: would violate PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true)");
        assertThat(client.pods().inNamespace("warned").withName("netadmin").get()).isNotNull();
    }

    @Test
    void aNewPodGetsItsAccountTokenTolerationsAndPriority() {
        namespace("defaults", Map.of());
        client.resource(new PriorityClassBuilder().withNewMetadata().withName("high").endMetadata().withValue(1000)
                .build()).create();

        Pod created = client.pods().inNamespace("defaults").resource(pod("p").editSpec().withPriorityClassName("high")
                .endSpec().build()).create();

        assertThat(created.getSpec().getServiceAccountName()).isEqualTo("default");
        assertThat(created.getSpec().getPriority()).isEqualTo(1000);
        assertThat(created.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
        var volume = created.getSpec().getVolumes().get(0);
        assertThat(volume.getName()).matches("kube-api-access-[a-z0-9]{5}");
        assertThat(volume.getProjected().getSources().get(0).getServiceAccountToken().getExpirationSeconds()).isEqualTo(3607L);
        assertThat(volume.getProjected().getSources().get(1).getConfigMap().getName()).isEqualTo("kube-root-ca.crt");
        assertThat(volume.getProjected().getSources().get(2).getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(created.getSpec().getContainers().get(0).getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getName()).isEqualTo(volume.getName());
            assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(created.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getEffect,
                Toleration::getTolerationSeconds).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/not-ready", "NoExecute", 300L),
                        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoExecute", 300L));
    }

    @Test
    void limitRangeDefaultsAppearOnACreatedPod() {
        namespace("limited", Map.of());
        client.resource(new LimitRangeBuilder().withNewMetadata().withName("defaults").withNamespace("limited").endMetadata()
                .withNewSpec().addNewLimit().withType("Container").withDefault(Map.of("memory", new Quantity("256Mi")))
                .withDefaultRequest(Map.of("memory", new Quantity("128Mi"))).endLimit().endSpec().build()).create();

        Pod created = client.pods().inNamespace("limited").resource(pod("sized").build()).create();

        var resources = created.getSpec().getContainers().get(0).getResources();
        assertThat(resources.getRequests()).containsEntry("memory", new Quantity("128Mi"));
        assertThat(resources.getLimits()).containsEntry("memory", new Quantity("256Mi"));
        assertThat(created.getMetadata().getAnnotations()).containsEntry("kubernetes.io/limit-ranger",
                "LimitRanger plugin set: memory request for container c; memory limit for container c");
    }

    @Test
    void aPodNamingAMissingPriorityClassIsRefused() {
        namespace("nopriority", Map.of());
        assertThatThrownBy(() -> client.pods().inNamespace("nopriority").resource(pod("p").editSpec()
                .withPriorityClassName("missing").endSpec().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage())
                            .isEqualTo("pods \"p\" is forbidden: no PriorityClass with name missing was found");
                });
    }

    @Test
    void theDefaultNamespaceCannotBeDeleted() {
        Kubectl.Result result = new Kubectl(SERVER.kubeconfig()).run("delete", "namespace", "default");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("namespaces \"default\" is forbidden: this namespace may not be deleted");
    }
}
