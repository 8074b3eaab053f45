package dev.capstan.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler inside {@code capstan server} placing pods on simulated nodes in three zones, seen through
 * the real Fabric8 client: spread, affinity, anti-affinity, taints, node selectors. Every test uses its own
 * node label ({@code suite}) so the tests do not see each other's nodes.
 */
class SchedulingIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    private static void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    /** Six nodes, two per zone, labelled suite=<suite>, created for one test. */
    private static void sixNodesInThreeZones(String suite) {
        nodes.create(6, NodeShape.standard(suite + "-").inZones("zone-a", "zone-b", "zone-c")
                .withTaints(List.of(new TaintBuilder().withKey("suite").withValue(suite).withEffect("NoSchedule").build())));
    }

    /** Pods of a test tolerate only that test's nodes' taint. */
    private static Pod pod(String namespace, String name, Map<String, String> labels,
                           java.util.function.UnaryOperator<io.fabric8.kubernetes.api.model.PodBuilder> customize) {
        return TestPods.create(client, namespace, name, "100m", labels, builder -> customize.apply(builder.editSpec()
                .addNewToleration().withKey("suite").withOperator("Equal").withValue(namespace).withEffect("NoSchedule")
                .endToleration().endSpec()));
    }

    private static Map<String, String> zoneOfNode() {
        return client.nodes().list().getItems().stream().collect(Collectors.toMap(n -> n.getMetadata().getName(),
                n -> n.getMetadata().getLabels().getOrDefault("topology.kubernetes.io/zone", "")));
    }

    private static Map<String, String> awaitAllBound(String namespace, int count) {
        Map<String, String> placement = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Pod> pods = TestPods.list(client, namespace);
            assertThat(pods).hasSize(count);
            assertThat(pods).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotBlank());
            pods.forEach(p -> placement.put(p.getMetadata().getName(), p.getSpec().getNodeName()));
        });
        return placement;
    }

    @Test
    void topologySpreadPutsTwoPodsInEachOfThreeZones() {
        String suite = "spread";
        namespace(suite);
        sixNodesInThreeZones(suite);
        for (int i = 0; i < 6; i++) {
            pod(suite, "web-" + i, Map.of("app", "web"), b -> b.editSpec().addToTopologySpreadConstraints(
                    new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey("topology.kubernetes.io/zone")
                            .withWhenUnsatisfiable("DoNotSchedule")
                            .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build())
                            .build()).endSpec());
        }
        Map<String, String> zones = zoneOfNode();
        Map<String, Long> perZone = awaitAllBound(suite, 6).values().stream()
                .collect(Collectors.groupingBy(zones::get, Collectors.counting()));
        assertThat(perZone).containsOnly(Map.entry("zone-a", 2L), Map.entry("zone-b", 2L), Map.entry("zone-c", 2L));
    }

    @Test
    void requiredAntiAffinityByHostnamePutsEachReplicaOnItsOwnNodeAndLeavesTheSeventhPending() {
        String suite = "anti";
        namespace(suite);
        sixNodesInThreeZones(suite);
        for (int i = 0; i < 7; i++) {
            pod(suite, "db-" + i, Map.of("app", "db"), b -> b.editSpec().withNewAffinity().withNewPodAntiAffinity()
                    .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
                            .withTopologyKey("kubernetes.io/hostname")
                            .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "db")).build()).build())
                    .endPodAntiAffinity().endAffinity().endSpec());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Pod> pods = TestPods.list(client, suite);
            List<String> bound = pods.stream().map(p -> p.getSpec().getNodeName()).filter(n -> n != null && !n.isEmpty()).toList();
            assertThat(bound).hasSize(6).doesNotHaveDuplicates();
            Pod pending = pods.stream().filter(p -> p.getSpec().getNodeName() == null).findFirst().orElseThrow();
            assertThat(pending.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("PodScheduled");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("Unschedulable");
                assertThat(c.getMessage()).contains("6 node(s) didn't match pod anti-affinity rules");
            });
        });
    }

    @Test
    void requiredAffinityFollowsThePodItNamesIntoItsZone() {
        String suite = "affinity";
        namespace(suite);
        sixNodesInThreeZones(suite);
        pod(suite, "cache", Map.of("app", "cache"), b -> b);
        String cacheNode = awaitAllBound(suite, 1).get("cache");
        String cacheZone = zoneOfNode().get(cacheNode);
        for (int i = 0; i < 4; i++) {
            pod(suite, "api-" + i, Map.of("app", "api"), b -> b.editSpec().withNewAffinity().withNewPodAffinity()
                    .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
                            .withTopologyKey("topology.kubernetes.io/zone")
                            .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "cache")).build()).build())
                    .endPodAffinity().endAffinity().endSpec());
        }
        Map<String, String> zones = zoneOfNode();
        assertThat(awaitAllBound(suite, 5).values()).allSatisfy(node -> assertThat(zones.get(node)).isEqualTo(cacheZone));
    }

    @Test
    void aTaintKeepsPodsAwayUntilTheyTolerateIt() {
        String suite = "taint";
        namespace(suite);
        sixNodesInThreeZones(suite);
        TestPods.create(client, suite, "intolerant", "100m", Map.of(), b -> b);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Pod pod = client.pods().inNamespace(suite).withName("intolerant").get();
            assertThat(pod.getSpec().getNodeName()).isNull();
            assertThat(pod.getStatus().getConditions()).anySatisfy(c ->
                    assertThat(c.getMessage()).contains("node(s) had untolerated taint {suite: taint}"));
        });
        // tolerations may be added to a pending pod; the update wakes it in the queue
        client.pods().inNamespace(suite).withName("intolerant").edit(p -> new io.fabric8.kubernetes.api.model.PodBuilder(p)
                .editSpec().addNewToleration().withKey("suite").withOperator("Equal").withValue(suite)
                .withEffect("NoSchedule").endToleration().endSpec().build());
        Map<String, String> placed = awaitAllBound(suite, 1);
        Node node = client.nodes().withName(placed.get("intolerant")).get();
        assertThat(node.getSpec().getTaints()).extracting("value").containsExactly("taint");
    }

    @Test
    void nodeSelectorChoosesTheZone() {
        String suite = "selector";
        namespace(suite);
        sixNodesInThreeZones(suite);
        for (int i = 0; i < 3; i++) {
            pod(suite, "zoned-" + i, Map.of(), b -> b.editSpec().withNodeSelector(Map.of("topology.kubernetes.io/zone", "zone-b"))
                    .endSpec());
        }
        Map<String, String> zones = zoneOfNode();
        assertThat(awaitAllBound(suite, 3).values()).allSatisfy(node -> {
            assertThat(zones.get(node)).isEqualTo("zone-b");
            assertThat(node).startsWith("selector-");
        });
    }
}
