package dev.capstan.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.node.images.NodeImages;
import dev.capstan.node.images.OciImageLayout;
import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.registry.DockerRegistryProcess;
import dev.capstan.testkit.registry.OciLayoutTarball;
import dev.capstan.testkit.registry.RegistryPushClient;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A one-node cluster with real pods: the server and a node agent running containerd, driven with kubectl as a
 * user would. A Deployment's Service answers by its DNS name from another pod; logs, exec and port-forward work;
 * a crashing container backs off into CrashLoopBackOff, a failing liveness probe restarts its container, a
 * memory-limit breach shows OOMKilled, a deleted pod stops within its grace period, an image is pulled from a
 * real registry, and a restarted agent keeps its pods running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentIT {

    private static final String NODE = "e2e-node";
    private static final String BUSYBOX = NodeImages.BUSYBOX_IMAGE;

    @RegisterExtension
    @Order(1)
    static final RunningServer SERVER = new RunningServer();

    @RegisterExtension
    @Order(2)
    static final RunningAgent AGENT = new RunningAgent(SERVER, NODE, "10.42.77.0/24");

    static KubernetesClient client;
    static Kubectl kubectl;

    @BeforeAll
    static void connect() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "the node agent needs root (containerd, iptables)");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        kubectl = new Kubectl(SERVER.kubeconfig());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ready(client.nodes().withName(NODE).get())).isTrue());
    }

    @AfterAll
    static void deletePods() {
        if (client != null) {
            client.apps().deployments().inNamespace("default").delete();
            client.pods().inNamespace("default").delete();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty());
            client.close();
        }
    }

    private static boolean ready(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static ContainerStatus status(String name) {
        Pod pod = pod(name);
        return pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty() ? null : pod.getStatus().getContainerStatuses().get(0);
    }

    private static void apply(String yaml) {
        kubectl.run(java.util.Map.of(), yaml, "apply", "-f", "-").ok();
    }

    @Test
    @Order(1)
    void theNodeRegistersReadyWithItsCapacityLabelsLeaseAndImages() {
        Node node = client.nodes().withName(NODE).get();
        assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", NODE)
                .containsEntry("kubernetes.io/os", "linux").containsKey("kubernetes.io/arch");
        assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "ephemeral-storage");
        assertThat(node.getStatus().getCapacity().get("pods").getAmount()).isEqualTo("110");
        assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("containerd://1.");
        assertThat(node.getStatus().getConditions()).extracting(c -> c.getType())
                .contains("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
        assertThat(client.leases().inNamespace("kube-node-lease").withName(NODE).get().getSpec().getHolderIdentity()).isEqualTo(NODE);
        assertThat(kubectl.run("get", "nodes").ok().out()).containsPattern(NODE + "\\s+Ready");
    }

    @Test
    @Order(2)
    void aServiceAnswersByItsDnsNameFromAnotherPod() {
        kubectl.run("create", "deployment", "web", "--image=" + BUSYBOX, "--",
                "sh", "-c", "echo serving; hostname > /tmp/index.html; exec httpd -f -p 8080 -h /tmp").ok();
        kubectl.run("expose", "deployment", "web", "--port=8080").ok();
        kubectl.run("rollout", "status", "deployment/web", "--timeout=90s").ok();
        String webPod = client.pods().inNamespace("default").withLabel("app", "web").list().getItems().get(0).getMetadata().getName();

        // As upstream's e2e clients do, the client retries: the proxy programs the Service a moment after its
        // endpoints appear (at most once per second).
        kubectl.run("run", "client", "--image=" + BUSYBOX, "--restart=Never", "--", "sh", "-c",
                "for i in $(seq 1 30); do wget -qO- http://web.default.svc.cluster.local:8080/index.html && exit 0; sleep 1; done; exit 1").ok();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(pod("client").getStatus().getPhase()).isEqualTo("Succeeded"));
        assertThat(kubectl.run("logs", "client").ok().out().trim()).endsWith(webPod);
        // The pod's resolv.conf is the cluster's: the service domain search path and ndots:5.
        assertThat(kubectl.run("exec", webPod, "--", "cat", "/etc/resolv.conf").ok().out())
                .contains("search default.svc.cluster.local svc.cluster.local cluster.local").contains("options ndots:5");
    }

    @Test
    @Order(3)
    void logsExecAndPortForwardReachTheContainer() throws Exception {
        String webPod = client.pods().inNamespace("default").withLabel("app", "web").list().getItems().get(0).getMetadata().getName();
        assertThat(kubectl.run("logs", webPod).ok().out()).contains("serving");
        assertThat(kubectl.run("logs", "--tail=1", "deployment/web").ok().out().trim()).isEqualTo("serving");
        assertThat(kubectl.run("exec", webPod, "--", "cat", "/etc/hostname").ok().out().trim()).isEqualTo(webPod);
        Kubectl.Result failed = kubectl.run("exec", webPod, "--", "sh", "-c", "exit 7");
        assertThat(failed.exitCode()).isEqualTo(7);
        assertThat(failed.err()).contains("command terminated with exit code 7");

        // The kubelet endpoint itself serves callers with a certificate from the cluster CA (the API server) or a
        // token the API server vouches for (PrometheusIT); others are Unauthorized.
        HttpClient insecure = HttpClient.newBuilder().sslContext(trustingEverything()).build();
        String nodeIp = client.nodes().withName(NODE).get().getStatus().getAddresses().get(0).getAddress();
        HttpResponse<String> anonymous = insecure.send(HttpRequest.newBuilder(
                        URI.create("https://" + nodeIp + ":10250/containerLogs/default/" + webPod + "/busybox")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("Unauthorized");

        Path output = Files.createTempFile("port-forward", ".log");
        Process forward = kubectl.start(output, "port-forward", "pod/" + webPod, "18081:8080");
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Files.readString(output)).contains("Forwarding from"));
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:18081/index.html")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body().trim()).isEqualTo(webPod);
        } finally {
            forward.destroy();
            Files.deleteIfExists(output);
        }
    }

    private static javax.net.ssl.SSLContext trustingEverything() throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return context;
    }

    @Test
    @Order(4)
    void aCrashingContainerIsRestartedWithBackoffAndShowsCrashLoopBackOff() {
        kubectl.run("run", "crasher", "--image=" + BUSYBOX, "--", "sh", "-c", "echo attempt; exit 3").ok();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            ContainerStatus status = status("crasher");
            assertThat(status).isNotNull();
            assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(2);
            assertThat(status.getState().getWaiting()).isNotNull();
            assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
            assertThat(status.getState().getWaiting().getMessage()).startsWith("back-off ");
            assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        });
        assertThat(kubectl.run("get", "pod", "crasher").ok().out()).contains("CrashLoopBackOff");
        assertThat(kubectl.run("logs", "crasher", "--previous").ok().out()).contains("attempt");
        // Events are written asynchronously (as upstream's broadcaster): they arrive shortly after the status.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kubectl.run("get", "events", "--field-selector", "involvedObject.name=crasher").ok().out()).contains("BackOff"));
    }

    @Test
    @Order(5)
    void aFailingLivenessProbeRestartsTheContainer() {
        apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: unhealthy}
                spec:
                  containers:
                  - name: app
                    image: %s
                    command: ["sleep", "3600"]
                    livenessProbe:
                      exec: {command: ["cat", "/tmp/healthy"]}
                      periodSeconds: 1
                      failureThreshold: 2
                """.formatted(BUSYBOX));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ContainerStatus status = status("unhealthy");
            assertThat(status).isNotNull();
            assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kubectl.run("get", "events", "--field-selector", "involvedObject.name=unhealthy").ok().out())
                        .contains("Liveness probe failed").contains("failed liveness probe, will be restarted"));
    }

    @Test
    @Order(6)
    void aMemoryLimitBreachShowsOomKilled() {
        apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: hungry}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: app
                    image: %s
                    command: ["sh", "-c", "sleep 2; tail /dev/zero"]
                    resources: {limits: {memory: 20Mi}}
                """.formatted(BUSYBOX));
        // the breach comes after start-up, as a real workload's does: containerd's shim (cgroup v1) watches for OOM
        // only once the task has started, so a process killed within its first moments can be reported as Error
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ContainerStatus status = status("hungry");
            assertThat(status).isNotNull();
            assertThat(status.getState().getTerminated()).isNotNull();
            assertThat(status.getState().getTerminated().getReason()).isEqualTo("OOMKilled");
            assertThat(status.getState().getTerminated().getExitCode()).isEqualTo(137);
        });
        assertThat(pod("hungry").getStatus().getPhase()).isEqualTo("Failed");
        assertThat(kubectl.run("get", "pod", "hungry").ok().out()).contains("OOMKilled");
    }

    @Test
    @Order(7)
    void aDeletedPodGetsSigtermThenSigkillAfterItsGracePeriod(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // "polite" handles SIGTERM and says so in a host directory; "stubborn" (PID 1 sleep) ignores it and
        // only the SIGKILL after the 3 s grace period stops it. kubectl delete waits until the pod is gone.
        apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: stopping}
                spec:
                  terminationGracePeriodSeconds: 3
                  volumes:
                  - {name: out, hostPath: {path: %s}}
                  containers:
                  - name: polite
                    image: %s
                    command: ["sh", "-c", "trap 'echo got SIGTERM > /out/polite; exit 0' TERM; while :; do sleep 1; done"]
                    volumeMounts: [{name: out, mountPath: /out}]
                  - {name: stubborn, image: %s, command: ["sleep", "3600"]}
                """.formatted(dir, BUSYBOX, BUSYBOX));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(pod("stopping").getStatus().getContainerStatuses())
                .hasSize(2).allSatisfy(c -> assertThat(c.getState().getRunning()).isNotNull()));
        kubectl.run("delete", "pod", "stopping", "--wait=true").ok();
        assertThat(pod("stopping")).isNull();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kubectl.run("get", "events", "--field-selector", "involvedObject.name=stopping").ok().out())
                        .contains("Stopping container polite").contains("Stopping container stubborn"));
        assertThat(dir.resolve("polite")).exists();
        assertThat(Files.readString(dir.resolve("polite")).trim()).isEqualTo("got SIGTERM");
    }

    @Test
    @Order(8)
    void anImageIsPulledFromARegistryThroughCri(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assumeTrue(DockerRegistryProcess.isInstalled(), "docker-registry is installed by scripts/install-deps.sh");
        Path layout = dir.resolve("busybox.tar");
        OciImageLayout.write(layout, NodeImages.REGISTRY_HOST, NodeImages.build(NodeImages.DEFAULT_BUSYBOX));
        try (DockerRegistryProcess registry = DockerRegistryProcess.start(dir.resolve("registry"))) {
            new RegistryPushClient(registry.endpoint()).push(OciLayoutTarball.read(layout), OciImageLayout.CONTAINERD_IMAGE_NAME,
                    BUSYBOX, "team/busybox", "v1");
            String image = registry.host() + "/team/busybox:v1";
            kubectl.run("run", "pulled", "--image=" + image, "--", "sleep", "3600").ok();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(pod("pulled").getStatus().getPhase()).isEqualTo("Running"));
            // As upstream, the image ID is the repository digest the runtime resolved.
            assertThat(status("pulled").getImageID()).startsWith(registry.host() + "/team/busybox@sha256:");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(kubectl.run("get", "events", "--field-selector", "involvedObject.name=pulled").ok().out())
                            .contains("Pulling image \"" + image + "\"").contains("Successfully pulled image"));
            kubectl.run("run", "missing", "--image=" + registry.host() + "/team/nothing:v1", "--", "true").ok();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(status("missing")).isNotNull();
                assertThat(status("missing").getState().getWaiting()).isNotNull();
                assertThat(status("missing").getState().getWaiting().getReason()).isIn("ErrImagePull", "ImagePullBackOff");
            });
        }
    }

    @Test
    @Order(9)
    void aRestartedAgentKeepsItsPodsRunning() {
        String webPod = client.pods().inNamespace("default").withLabel("app", "web").list().getItems().get(0).getMetadata().getName();
        String containerId = status(webPod).getContainerID();
        AGENT.stop();
        AGENT.start();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ready(client.nodes().withName(NODE).get())).isTrue());
        // A few syncs later the pod is still the same container, never restarted.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ContainerStatus status = status(webPod);
            assertThat(status.getContainerID()).isEqualTo(containerId);
            assertThat(status.getRestartCount()).isZero();
            assertThat(status.getReady()).isTrue();
        });
        assertThat(kubectl.run("exec", webPod, "--", "cat", "/etc/hostname").ok().out().trim()).isEqualTo(webPod);
    }
}
