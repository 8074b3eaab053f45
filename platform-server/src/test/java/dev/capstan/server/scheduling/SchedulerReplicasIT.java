package dev.capstan.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.scheduling.core.SchedulerRunner;
import dev.capstan.server.RunningServer;
import dev.capstan.server.roles.SchedulerRole;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two scheduler replicas as their own applications (the {@code capstan scheduler} role) against a server
 * that runs none: one holds the {@code kube-system/kube-scheduler} Lease and schedules, every pod is bound
 * exactly once, and when the leader stops the other takes over within the lease duration.
 */
class SchedulerReplicasIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.scheduler.enabled=false");

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.create(5, NodeShape.standard("node-"));
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    private static ConfigurableApplicationContext replica() {
        return new SpringApplicationBuilder(SchedulerRole.class).web(WebApplicationType.NONE)
                .properties("capstan.kubeconfig=" + SERVER.kubeconfig(),
                        "capstan.scheduler.leader-election.lease-duration=6s",
                        "capstan.scheduler.leader-election.renew-deadline=4s",
                        "capstan.scheduler.leader-election.retry-period=1s")
                .run();
    }

    private static void createPods(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            TestPods.create(client, "default", prefix + "-" + i, "10m", Map.of("batch", prefix));
        }
    }

    private static void awaitBound(String prefix, int count) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace("default").withLabel("batch", prefix).list().getItems();
            assertThat(pods).hasSize(count).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotBlank());
        });
    }

    private static Map<String, Long> scheduledEventsPerPod() {
        List<Event> events = client.v1().events().inNamespace("default").list().getItems();
        return events.stream().filter(e -> "Scheduled".equals(e.getReason()))
                .collect(Collectors.groupingBy(e -> e.getInvolvedObject().getName(), Collectors.counting()));
    }

    @Test
    void oneReplicaLeadsEveryPodIsBoundOnceAndTheOtherTakesOver() {
        ConfigurableApplicationContext first = replica();
        ConfigurableApplicationContext second = replica();
        try {
            SchedulerRunner one = first.getBean(SchedulerRunner.class);
            SchedulerRunner two = second.getBean(SchedulerRunner.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> one.isLeading() || two.isLeading());
            assertThat(one.isLeading() && two.isLeading()).isFalse();
            SchedulerRunner leader = one.isLeading() ? one : two;
            Lease lease = client.leases().inNamespace("kube-system").withName("kube-scheduler").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity());

            createPods("first", 40);
            awaitBound("first", 40);

            ConfigurableApplicationContext leaderContext = leader == one ? first : second;
            SchedulerRunner follower = leader == one ? two : one;
            long stopped = System.nanoTime();
            leaderContext.close();
            await().atMost(Duration.ofSeconds(12)).until(follower::isLeading);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(12));

            createPods("second", 40);
            awaitBound("second", 40);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(scheduledEventsPerPod()).hasSize(80).allSatisfy((pod, count) -> assertThat(count).isEqualTo(1)));
        } finally {
            first.close();
            second.close();
        }
    }
}
