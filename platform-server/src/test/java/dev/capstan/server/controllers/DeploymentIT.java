package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployment controller with the ReplicaSet controller, the scheduler and simulated kubelets, driven by
 * the real kubectl: roll out, {@code set image} within maxSurge/maxUnavailable, {@code rollout history},
 * {@code rollout undo} back to the first image, and scaling.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;
    static Kubectl kubectl;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        kubectl = new Kubectl(SERVER.kubeconfig());
        nodes = new SimulatedNodes(client);
        nodes.create(3, NodeShape.standard("node-"));
        nodes.runBoundPods();
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    @Test
    @Order(1)
    void aDeploymentRollsOut() {
        client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();

        Kubectl.Result status = kubectl.run("rollout", "status", "deployment/web", "--timeout=60s");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("deployment \"web\" successfully rolled out");

        Deployment d = deployment();
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(d.getStatus().getConditions()).extracting("type", "status", "reason").contains(
                org.assertj.core.groups.Tuple.tuple("Available", "True", "MinimumReplicasAvailable"),
                org.assertj.core.groups.Tuple.tuple("Progressing", "True", "NewReplicaSetAvailable"));
        List<ReplicaSet> sets = replicaSets();
        assertThat(sets).singleElement().satisfies(rs -> {
            String hash = rs.getMetadata().getLabels().get("pod-template-hash");
            assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
            assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
            assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                    .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
                    .containsEntry("deployment.kubernetes.io/max-replicas", "4");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default")
                .list().getItems()).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("ScalingReplicaSet");
                    assertThat(e.getMessage()).isEqualTo("Scaled up replica set " + sets.get(0).getMetadata().getName() + " from 0 to 3");
                    assertThat(e.getSource().getComponent()).isEqualTo("deployment-controller");
                }));
    }

    @Test
    @Order(2)
    void setImageRollsWithinMaxSurgeAndMaxUnavailable() {
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger maxSeen = new AtomicInteger();
        // Every event is one observed moment: the informer's store right after the change.
        SharedIndexInformer<Pod> informer = client.pods().inNamespace("default").withLabel("app", "web").runnableInformer(0);
        SharedIndexInformer<Pod> observed = informer;
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                moment();
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                moment();
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                moment();
            }

            private void moment() {
                List<Pod> live = observed.getStore().list().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
                long ready = live.stream().filter(DeploymentIT::ready).count();
                maxSeen.accumulateAndGet(live.size(), Math::max);
                if (live.size() > 4) {
                    violations.add("total " + live.size());
                }
                if (ready < 3) {
                    violations.add("available " + ready);
                }
            }
        });
        informer.run();
        try {
            await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);
            kubectl.run("set", "image", "deployment/web", "app=busybox:2").ok();
            Kubectl.Result status = kubectl.run("rollout", "status", "deployment/web", "--timeout=60s");
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).contains("deployment \"web\" successfully rolled out");
        } finally {
            informer.close();
        }
        assertThat(violations).isEmpty();
        assertThat(maxSeen.get()).as("a surge pod was created").isEqualTo(4);
        assertThat(replicaSets()).hasSize(2);
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(runningImages()).containsOnly("busybox:2").hasSize(3);
    }

    @Test
    @Order(3)
    void historyListsBothRevisions() {
        String history = kubectl.run("rollout", "history", "deployment/web").ok().out();
        assertThat(history).containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");
    }

    @Test
    @Order(4)
    void undoGoesBackToTheFirstImageReusingItsReplicaSet() {
        String firstRS = replicaSets().stream().filter(rs -> "busybox:1".equals(image(rs))).findFirst().orElseThrow()
                .getMetadata().getName();
        kubectl.run("rollout", "undo", "deployment/web").ok();
        Kubectl.Result status = kubectl.run("rollout", "status", "deployment/web", "--timeout=60s");
        assertThat(status.exitCode()).as(status.err()).isZero();

        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1");
        assertThat(replicaSets()).hasSize(2);
        ReplicaSet reused = client.apps().replicaSets().inNamespace("default").withName(firstRS).get();
        assertThat(reused.getSpec().getReplicas()).isEqualTo(3);
        assertThat(reused.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runningImages()).containsOnly("busybox:1").hasSize(3));
        String history = kubectl.run("rollout", "history", "deployment/web").ok().out();
        assertThat(history).containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s").doesNotContainPattern("(?m)^1\\s");
    }

    @Test
    @Order(5)
    void scalesUpAndDown() {
        kubectl.run("scale", "deployment/web", "--replicas=5").ok();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(deployment().getStatus().getAvailableReplicas()).isEqualTo(5);
            assertThat(runningImages()).hasSize(5);
        });
        kubectl.run("scale", "deployment/web", "--replicas=2").ok();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Deployment d = deployment();
            assertThat(d.getStatus().getReplicas()).isEqualTo(2);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
            assertThat(runningImages()).hasSize(2);
        });
        assertThat(kubectl.run("rollout", "status", "deployment/web", "--timeout=30s").exitCode()).isZero();
    }

    @Test
    @Order(6)
    void pauseStopsTheRolloutAndResumeContinuesIt() {
        kubectl.run("rollout", "pause", "deployment/web").ok();
        kubectl.run("set", "image", "deployment/web", "app=busybox:3").ok();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deployment().getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("DeploymentPaused")));
        assertThat(replicaSets()).noneSatisfy(rs -> assertThat(image(rs)).isEqualTo("busybox:3"));
        kubectl.run("rollout", "resume", "deployment/web").ok();
        Kubectl.Result status = kubectl.run("rollout", "status", "deployment/web", "--timeout=60s");
        assertThat(status.exitCode()).as(status.err()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runningImages()).containsOnly("busybox:3").hasSize(2));
    }

    @Test
    @Order(7)
    void recreateRemovesEveryOldPodBeforeStartingNewOnes() {
        client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("batch").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "batch")).endSelector()
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "batch")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        assertThat(kubectl.run("rollout", "status", "deployment/batch", "--timeout=60s").exitCode()).isZero();

        List<String> violations = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Pod> informer = client.pods().inNamespace("default").withLabel("app", "batch").runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                moment();
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                moment();
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                moment();
            }

            private void moment() {
                // Terminating pods count too: Recreate waits until the old ones are gone.
                var images = informer.getStore().list().stream().map(p -> p.getSpec().getContainers().get(0).getImage())
                        .collect(java.util.stream.Collectors.toSet());
                if (images.size() > 1) {
                    violations.add("old and new pods together: " + images);
                }
            }
        });
        informer.run();
        try {
            await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);
            kubectl.run("set", "image", "deployment/batch", "app=busybox:2").ok();
            Kubectl.Result status = kubectl.run("rollout", "status", "deployment/batch", "--timeout=60s");
            assertThat(status.exitCode()).as(status.err()).isZero();
        } finally {
            informer.close();
        }
        assertThat(violations).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.pods().inNamespace("default")
                .withLabel("app", "batch").list().getItems()).hasSize(2)
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:2")));
    }

    @Test
    @Order(8)
    void aRolloutWithoutProgressExceedsItsDeadline() {
        client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("stuck").endMetadata()
                .withNewSpec().withReplicas(1).withProgressDeadlineSeconds(2)
                .withNewSelector().withMatchLabels(Map.of("app", "stuck")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "stuck")).endMetadata()
                .withNewSpec().withNodeSelector(Map.of("no-such-node", "true"))
                .addNewContainer().withName("app").withImage("busybox:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        Kubectl.Result status = kubectl.run("rollout", "status", "deployment/stuck", "--timeout=30s");
        assertThat(status.exitCode()).isNotZero();
        assertThat(status.err()).contains("deployment \"stuck\" exceeded its progress deadline");
        assertThat(client.apps().deployments().inNamespace("default").withName("stuck").get().getStatus().getConditions())
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Progressing");
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
                    assertThat(c.getMessage()).matches("ReplicaSet \"stuck-[a-z0-9]+\" has timed out progressing.");
                });
    }

    @Test
    @Order(9)
    void scalingMidRolloutSpreadsTheNewReplicasProportionally() {
        client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("prop").endMetadata()
                .withNewSpec().withReplicas(10).withNewSelector().withMatchLabels(Map.of("app", "prop")).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(3)).withMaxUnavailable(new IntOrString(2)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "prop")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        assertThat(kubectl.run("rollout", "status", "deployment/prop", "--timeout=60s").exitCode()).isZero();
        // The new pods can never be scheduled, so the rollout stops at old 8 (10 - maxUnavailable) and new 5 (13 - 8).
        kubectl.run("patch", "deployment/prop", "--type=json", "-p",
                "[{\"op\":\"add\",\"path\":\"/spec/template/spec/nodeSelector\",\"value\":{\"no-such-node\":\"true\"}}]").ok();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sizes("prop")).containsExactly(8, 5));

        kubectl.run("scale", "deployment/prop", "--replicas=20").ok();
        // 10 more (to 20 + 3 surge) spread by size: 8 * 23/13 = 14, 5 * 23/13 = 9 (upstream getReplicaSetFraction).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sizes("prop")).containsExactly(14, 9));
        client.apps().deployments().inNamespace("default").withName("prop").delete();
    }

    @Test
    @Order(10)
    void revisionHistoryLimitKeepsOnlyThatManyOldReplicaSets() {
        kubectl.run("patch", "deployment/batch", "-p", "{\"spec\":{\"revisionHistoryLimit\":1}}").ok();
        for (String image : List.of("busybox:3", "busybox:4")) {
            kubectl.run("set", "image", "deployment/batch", "app=" + image).ok();
            assertThat(kubectl.run("rollout", "status", "deployment/batch", "--timeout=60s").exitCode()).isZero();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.apps().replicaSets().inNamespace("default")
                .withLabel("app", "batch").list().getItems()).extracting(DeploymentIT::image)
                .containsExactlyInAnyOrder("busybox:3", "busybox:4"));
    }

    /** spec.replicas of the deployment's ReplicaSets, oldest revision first. */
    private static List<Integer> sizes(String app) {
        return client.apps().replicaSets().inNamespace("default").withLabel("app", app).list().getItems().stream()
                .sorted(java.util.Comparator.comparingInt(
                        (ReplicaSet rs) -> Integer.parseInt(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))))
                .map(rs -> rs.getSpec().getReplicas()).toList();
    }

    private static Deployment deployment() {
        return client.apps().deployments().inNamespace("default").withName("web").get();
    }

    private static List<ReplicaSet> replicaSets() {
        return client.apps().replicaSets().inNamespace("default").withLabel("app", "web").list().getItems();
    }

    private static String image(ReplicaSet rs) {
        return rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static List<String> runningImages() {
        return client.pods().inNamespace("default").withLabel("app", "web").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && ready(p))
                .map(p -> p.getSpec().getContainers().get(0).getImage()).toList();
    }

    private static boolean ready(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }
}
