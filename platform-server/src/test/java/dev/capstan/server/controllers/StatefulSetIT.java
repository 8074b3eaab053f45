package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The StatefulSet controller inside {@code capstan server}, with simulated nodes acting as kubelets: an
 * {@code OrderedReady} set comes up one ordinal at a time, each only after the previous is Ready, scales down
 * from the highest ordinal, and rolls a new template from the highest ordinal down.
 */
class StatefulSetIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.create(2, NodeShape.standard("sts-node-"));
        nodes.renewLeases(Duration.ofSeconds(5));
        nodes.runBoundPods();
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    private static StatefulSet web(int replicas, String image) {
        return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName("web").withPodManagementPolicy("OrderedReady")
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    /** Records, in order, "ADDED web-N", "READY web-N" (first time seen Ready) and "TERMINATING web-N". */
    private static Watch record(List<String> events) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return client.pods().inNamespace("default").withLabel("app", "web").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                String uid = pod.getMetadata().getUid();
                if (action == Action.ADDED) {
                    events.add("ADDED " + name);
                }
                boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
                if (ready && seen.add("ready " + uid)) {
                    events.add("READY " + name);
                }
                if (pod.getMetadata().getDeletionTimestamp() != null && seen.add("terminating " + uid)) {
                    events.add("TERMINATING " + name);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    private static List<Pod> livePods() {
        return client.pods().inNamespace("default").withLabel("app", "web").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static StatefulSet current() {
        return client.apps().statefulSets().inNamespace("default").withName("web").get();
    }

    @Test
    void parallelCreatesEveryPodAtOnceWithItsClaimsAndRecordsEvents() {
        StatefulSet db = new StatefulSetBuilder(web(3, "postgres:16")).editMetadata().withName("db").endMetadata()
                .editSpec().withPodManagementPolicy("Parallel").withServiceName("db")
                .withNewSelector().withMatchLabels(Map.of("app", "db")).endSelector()
                .editTemplate().editMetadata().withLabels(Map.of("app", "db")).endMetadata().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec()
                .endVolumeClaimTemplate().endSpec().build();
        client.apps().statefulSets().inNamespace("default").resource(db).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            StatefulSet set = client.apps().statefulSets().inNamespace("default").withName("db").get();
            assertThat(set.getStatus()).isNotNull();
            assertThat(set.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(set.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(set.getStatus().getCurrentReplicas()).isEqualTo(3);
        });
        for (int i = 0; i < 3; i++) {
            int ordinal = i;
            assertThat(client.persistentVolumeClaims().inNamespace("default").withName("data-db-" + i).get()).isNotNull();
            Pod pod = client.pods().inNamespace("default").withName("db-" + i).get();
            assertThat(pod.getSpec().getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("data");
                assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-db-" + ordinal);
            });
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list()
                .getItems()).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("SuccessfulCreate");
                    assertThat(e.getMessage()).isEqualTo("create Pod db-1 in StatefulSet db successful");
                    assertThat(e.getSource().getComponent()).isEqualTo("statefulset-controller");
                    assertThat(e.getInvolvedObject().getKind()).isEqualTo("StatefulSet");
                }));
    }

    @Test
    void orderedReadyComesUpInOrderScalesDownFromTheTopAndRollsFromTheTop() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Watch watch = record(events);
        try {
            client.apps().statefulSets().inNamespace("default").resource(web(3, "nginx:1")).create();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                StatefulSet set = current();
                assertThat(set.getStatus()).isNotNull();
                assertThat(set.getStatus().getReadyReplicas()).isEqualTo(3);
                assertThat(set.getStatus().getReplicas()).isEqualTo(3);
            });
            List<String> snapshot = List.copyOf(events);
            assertThat(snapshot.stream().filter(e -> e.startsWith("ADDED")).toList())
                    .containsExactly("ADDED web-0", "ADDED web-1", "ADDED web-2");
            assertThat(snapshot.indexOf("READY web-0")).isLessThan(snapshot.indexOf("ADDED web-1"));
            assertThat(snapshot.indexOf("READY web-1")).isLessThan(snapshot.indexOf("ADDED web-2"));

            Pod web1 = client.pods().inNamespace("default").withName("web-1").get();
            assertThat(web1.getSpec().getHostname()).isEqualTo("web-1");
            assertThat(web1.getSpec().getSubdomain()).isEqualTo("web");
            assertThat(web1.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-1")
                    .containsEntry("apps.kubernetes.io/pod-index", "1");
            StatefulSet set = current();
            assertThat(set.getStatus().getCurrentRevision()).startsWith("web-").isEqualTo(set.getStatus().getUpdateRevision());
            assertThat(web1.getMetadata().getLabels()).containsEntry("controller-revision-hash", set.getStatus().getUpdateRevision());
            assertThat(set.getStatus().getObservedGeneration()).isEqualTo(set.getMetadata().getGeneration());

            events.clear();
            client.apps().statefulSets().inNamespace("default").withName("web").scale(1);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(livePods()).extracting(p -> p.getMetadata().getName()).containsExactly("web-0");
                assertThat(current().getStatus().getReplicas()).isEqualTo(1);
            });
            assertThat(List.copyOf(events).stream().filter(e -> e.startsWith("TERMINATING")).toList())
                    .containsExactly("TERMINATING web-2", "TERMINATING web-1");

            client.apps().statefulSets().inNamespace("default").withName("web").scale(3);
            await().atMost(Duration.ofSeconds(60)).until(() -> current().getStatus().getReadyReplicas() == 3);
            events.clear();
            client.apps().statefulSets().inNamespace("default").withName("web")
                    .edit(s -> new StatefulSetBuilder(s).editSpec().editTemplate().editSpec().editFirstContainer()
                            .withImage("nginx:2").endContainer().endSpec().endTemplate().endSpec().build());
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                StatefulSet rolled = current();
                assertThat(rolled.getStatus().getUpdatedReplicas()).isEqualTo(3);
                assertThat(rolled.getStatus().getReadyReplicas()).isEqualTo(3);
                assertThat(rolled.getStatus().getCurrentRevision()).isEqualTo(rolled.getStatus().getUpdateRevision());
            });
            assertThat(List.copyOf(events).stream().filter(e -> e.startsWith("TERMINATING")).toList())
                    .containsExactly("TERMINATING web-2", "TERMINATING web-1", "TERMINATING web-0");
            assertThat(livePods()).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:2"));
        } finally {
            watch.close();
        }
    }
}
