package dev.capstan.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.node.images.NodeImages;
import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real node agent joins with nothing but a bootstrap token and the cluster CA ({@code capstan agent --server
 * --token --ca-file}): it gets its node and proxy certificates through CSRs, registers Ready, runs a pod as
 * {@code system:node:<name>}, and after a restart reuses its kubeconfigs. Needs root and the node's packages (as
 * NodeAgentIT); hold {@code /tmp/capstan-node.lock}.
 */
class NodeJoinAgentIT {

    private static final String NODE = "joined-node";

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    @RegisterExtension
    static final RunningAgent AGENT = RunningAgent.joining(SERVER, NODE, "10.42.78.0/24");

    static KubernetesClient client;
    static Kubectl kubectl;

    @BeforeAll
    static void connect() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "the node agent needs root (containerd, iptables)");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        kubectl = new Kubectl(SERVER.kubeconfig());
    }

    @AfterAll
    static void deletePods() {
        if (client != null) {
            client.pods().inNamespace("default").delete();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty());
            client.close();
        }
    }

    @Test
    void aNodeJoinsWithATokenRunsPodsAndKeepsItsCertificatesAcrossARestart() {
        await().atMost(Duration.ofSeconds(90)).until(() -> ready(client.nodes().withName(NODE).get()));
        List<CertificateSigningRequest> requests = client.certificates().v1().certificateSigningRequests().list().getItems();
        assertThat(requests).extracting(r -> r.getSpec().getUsername()).allMatch(u -> u.startsWith("system:bootstrap:"));
        assertThat(requests).extracting(r -> r.getSpec().getSignerName()).containsExactlyInAnyOrder(
                "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kube-apiserver-client");
        assertThat(new Kubectl(AGENT.rootDir().resolve("kubelet.kubeconfig")).run("auth", "whoami").ok().out())
                .contains("system:node:" + NODE);

        kubectl.run("run", "hello", "--image=" + NodeImages.BUSYBOX_IMAGE, "--restart=Never", "--", "echo", "joined").ok();
        await().atMost(Duration.ofSeconds(90)).until(() -> "Succeeded".equals(phase("hello")));
        assertThat(kubectl.run("logs", "hello").ok().out().trim()).isEqualTo("joined");

        AGENT.stop();
        AGENT.start();
        kubectl.run("run", "again", "--image=" + NodeImages.BUSYBOX_IMAGE, "--restart=Never", "--", "echo", "still").ok();
        await().atMost(Duration.ofSeconds(90)).until(() -> "Succeeded".equals(phase("again")));
        assertThat(client.certificates().v1().certificateSigningRequests().list().getItems()).hasSize(requests.size());
    }

    private static String phase(String pod) {
        var p = client.pods().inNamespace("default").withName(pod).get();
        return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private static boolean ready(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
