package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.controllers.runtime.ControllerManager;
import dev.capstan.server.RunningServer;
import dev.capstan.server.roles.ControllerManagerRole;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two controller-manager replicas (the {@code capstan controller-manager} role) against a server that runs
 * none: one leads the Lease {@code kube-system/kube-controller-manager}; when it stops, the other takes
 * over within the lease duration and the ReplicaSet's pods are never created twice.
 */
class ControllerManagerFailoverIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.controllers.enabled=false",
            "--capstan.scheduler.enabled=false");

    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    private static ConfigurableApplicationContext replica() {
        return new SpringApplicationBuilder(ControllerManagerRole.class).web(WebApplicationType.NONE)
                .properties("capstan.kubeconfig=" + SERVER.kubeconfig(),
                        "capstan.controllers.lease-duration=6s",
                        "capstan.controllers.renew-deadline=4s",
                        "capstan.controllers.retry-period=1s")
                .run();
    }

    private static ReplicaSet replicaSet(int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static long podsOfWeb() {
        return client.pods().inNamespace("default").withLabel("app", "web").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).count();
    }

    @Test
    void theFollowerTakesOverAndNoPodIsCreatedTwice() {
        Set<String> everCreated = ConcurrentHashMap.newKeySet();
        Watch watch = client.pods().inNamespace("default").withLabel("app", "web").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    everCreated.add(pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        ConfigurableApplicationContext first = replica();
        ConfigurableApplicationContext second = replica();
        try {
            ControllerManager one = first.getBean(ControllerManager.class);
            ControllerManager two = second.getBean(ControllerManager.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> one.isLeading() || two.isLeading());
            assertThat(one.isLeading() && two.isLeading()).isFalse();
            ControllerManager leader = one.isLeading() ? one : two;
            assertThat(client.leases().inNamespace("kube-system").withName("kube-controller-manager").get()
                    .getSpec().getHolderIdentity()).isEqualTo(leader.identity());

            client.apps().replicaSets().inNamespace("default").resource(replicaSet(5)).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> podsOfWeb() == 5);

            (leader == one ? first : second).close();
            ControllerManager follower = leader == one ? two : one;
            await().atMost(Duration.ofSeconds(15)).until(follower::isLeading);

            client.apps().replicaSets().inNamespace("default").withName("web").scale(8);
            await().atMost(Duration.ofSeconds(30)).until(() -> podsOfWeb() == 8);
            // settle: nothing more is created after the takeover
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> podsOfWeb() == 8);
            assertThat(everCreated).hasSize(8);
        } finally {
            watch.close();
            first.close();
            second.close();
        }
    }
}
