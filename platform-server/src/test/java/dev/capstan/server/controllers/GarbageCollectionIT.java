package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The garbage collector end to end with real kubectl: {@code kubectl delete} (background) removes the
 * dependents, {@code --cascade=orphan} keeps them without the owner's reference, {@code --cascade=foreground}
 * keeps the owner (deleting) until its blocking dependents are gone, and dependents of an owner that never
 * existed are collected. The ReplicaSet controller is off so a ReplicaSet owns only the pods made here (no
 * nodes exist, so the pods stay unbound and delete at once).
 */
class GarbageCollectionIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.controllers.replicaset.enabled=false");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String NS = "default";

    static KubernetesClient client;
    static Kubectl kubectl;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        kubectl = new Kubectl(SERVER.kubeconfig());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void backgroundDeletionRemovesTheDependents() {
        ConfigMap owner = configMap("bg-owner", null);
        configMap("bg-cm", owner);
        secret("bg-secret", owner);

        kubectl.run("delete", "configmap", "bg-owner", "-n", NS).ok();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.configMaps().inNamespace(NS).withName("bg-cm").get()).isNull();
            assertThat(client.secrets().inNamespace(NS).withName("bg-secret").get()).isNull();
        });
    }

    @Test
    void orphanDeletionKeepsTheDependentsWithoutTheOwnersReference() {
        ConfigMap owner = configMap("orphan-owner", null);
        ConfigMap other = configMap("orphan-other-owner", null);
        configMap("orphan-cm", owner, other);
        secret("orphan-secret", owner);

        kubectl.run("delete", "configmap", "orphan-owner", "-n", NS, "--cascade=orphan").ok();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.configMaps().inNamespace(NS).withName("orphan-owner").get()).isNull());
        ConfigMap cm = client.configMaps().inNamespace(NS).withName("orphan-cm").get();
        assertThat(cm.getMetadata().getOwnerReferences()).extracting(OwnerReference::getName).containsExactly("orphan-other-owner");
        assertThat(client.secrets().inNamespace(NS).withName("orphan-secret").get().getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilItsDependentsAreGone() {
        ConfigMap owner = configMap("fg-owner", null);
        configMap("fg-cm", owner);
        // a dependent another party still finalizes: it stays (deleting) and holds the owner
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("fg-held").withNamespace(NS)
                .withFinalizers("example.com/hold").withOwnerReferences(ownedBy(owner)).endMetadata().build()).create();

        kubectl.run("delete", "configmap", "fg-owner", "-n", NS, "--cascade=foreground", "--wait=false").ok();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.configMaps().inNamespace(NS).withName("fg-cm").get()).isNull();
            assertThat(client.secrets().inNamespace(NS).withName("fg-held").get().getMetadata().getDeletionTimestamp()).isNotNull();
        });
        ConfigMap deleting = client.configMaps().inNamespace(NS).withName("fg-owner").get();
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(deleting.getMetadata().getFinalizers()).contains("foregroundDeletion");

        setFinalizers(client.secrets().inNamespace(NS).withName("fg-held"), "null");

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.configMaps().inNamespace(NS).withName("fg-owner").get()).isNull());
    }

    @Test
    void kubectlWaitsForAForegroundDeletionToFinish() {
        ConfigMap owner = configMap("fgw-owner", null);
        ConfigMap child = configMap("fgw-child", owner);
        configMap("fgw-grandchild", child);

        kubectl.run("delete", "configmap", "fgw-owner", "-n", NS, "--cascade=foreground", "--timeout=60s").ok();

        assertThat(client.configMaps().inNamespace(NS).withName("fgw-owner").get()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName("fgw-child").get()).isNull();
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(client.configMaps().inNamespace(NS).withName("fgw-grandchild").get()).isNull());
    }

    @Test
    void aDependentWithDependentsOfItsOwnIsDeletedInTheForegroundToo() {
        ConfigMap owner = configMap("chain-owner", null);
        ConfigMap middle = configMap("chain-middle", owner);
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("chain-leaf").withNamespace(NS)
                .withFinalizers("example.com/hold").withOwnerReferences(ownedBy(middle)).endMetadata().build()).create();

        kubectl.run("delete", "configmap", "chain-owner", "-n", NS, "--cascade=foreground", "--wait=false").ok();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            ConfigMap deleting = client.configMaps().inNamespace(NS).withName("chain-middle").get();
            assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(deleting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
            assertThat(client.secrets().inNamespace(NS).withName("chain-leaf").get().getMetadata().getDeletionTimestamp()).isNotNull();
        });
        assertThat(client.configMaps().inNamespace(NS).withName("chain-owner").get().getMetadata().getDeletionTimestamp()).isNotNull();

        setFinalizers(client.secrets().inNamespace(NS).withName("chain-leaf"), "null");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.configMaps().inNamespace(NS).withName("chain-middle").get()).isNull();
            assertThat(client.configMaps().inNamespace(NS).withName("chain-owner").get()).isNull();
        });
    }

    @Test
    void aReplicaSetsPodsFollowTheCascadeKubectlAsksFor() {
        ReplicaSet background = replicaSet("rs-bg");
        pod("rs-bg-a", background);
        pod("rs-bg-b", background);
        ReplicaSet orphaned = replicaSet("rs-orphan");
        pod("rs-orphan-a", orphaned);

        kubectl.run("delete", "replicaset", "rs-bg", "-n", NS).ok();
        kubectl.run("delete", "replicaset", "rs-orphan", "-n", NS, "--cascade=orphan").ok();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(NS).withName("rs-bg-a").get()).isNull();
            assertThat(client.pods().inNamespace(NS).withName("rs-bg-b").get()).isNull();
            assertThat(client.apps().replicaSets().inNamespace(NS).withName("rs-orphan").get()).isNull();
        });
        assertThat(client.pods().inNamespace(NS).withName("rs-orphan-a").get().getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void foregroundCascadesThroughAReplicaSetToItsPods() {
        ReplicaSet rs = replicaSet("rs-fg");
        Pod pod = pod("rs-fg-a", rs);
        // a pod held by a finalizer keeps the ReplicaSet visible while it is deleting
        setFinalizers(client.pods().inNamespace(NS).withName(pod.getMetadata().getName()), "[\"example.com/hold\"]");

        kubectl.run("delete", "replicaset", "rs-fg", "-n", NS, "--cascade=foreground", "--wait=false").ok();

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(client.pods().inNamespace(NS).withName("rs-fg-a").get().getMetadata().getDeletionTimestamp()).isNotNull());
        assertThat(client.apps().replicaSets().inNamespace(NS).withName("rs-fg").get().getMetadata().getDeletionTimestamp()).isNotNull();

        setFinalizers(client.pods().inNamespace(NS).withName("rs-fg-a"), "null");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(NS).withName("rs-fg-a").get()).isNull();
            assertThat(client.apps().replicaSets().inNamespace(NS).withName("rs-fg").get()).isNull();
        });
    }

    @Test
    void dependentsOfAnOwnerThatDoesNotExistAreCollected() {
        OwnerReference ghost = new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("ghost")
                .withUid("00000000-0000-0000-0000-000000000001").build();
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("ghost-dep")
                .withNamespace(NS).withOwnerReferences(ghost).endMetadata().build()).create();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.configMaps().inNamespace(NS).withName("ghost-dep").get()).isNull());
    }

    /** A merge patch without resourceVersion: the scheduler may be writing the pod's status meanwhile. */
    private static void setFinalizers(Resource<?> resource, String finalizers) {
        resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":" + finalizers + "}}");
    }

    private static ConfigMap configMap(String name, HasMetadata... owners) {
        List<OwnerReference> refs = owners == null ? List.of()
                : java.util.Arrays.stream(owners).filter(java.util.Objects::nonNull).map(GarbageCollectionIT::ownedBy).toList();
        return client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withNamespace(NS).withOwnerReferences(refs).endMetadata().withData(Map.of("k", "v")).build()).create();
    }

    private static Secret secret(String name, HasMetadata owner) {
        return client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withOwnerReferences(ownedBy(owner)).endMetadata().withStringData(Map.of("k", "v")).build()).create();
    }

    private static ReplicaSet replicaSet(String name) {
        return client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder().withNewMetadata().withName(name)
                .withNamespace(NS).endMetadata().withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("rs", name)
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("rs", name).endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build()).create();
    }

    private static Pod pod(String name, ReplicaSet owner) {
        return client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("rs", owner.getMetadata().getName())
                .withOwnerReferences(new OwnerReferenceBuilder(ownedBy(owner)).withController(true).build()).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
    }

    private static OwnerReference ownedBy(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withBlockOwnerDeletion(true).build();
    }
}
