package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.node.images.NodeImages;
import dev.capstan.server.node.NodeAgentLock;
import dev.capstan.server.node.RunningAgent;
import dev.capstan.testkit.prometheus.PrometheusProcess;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * Debian's real Prometheus scrapes a cluster with the configuration, RBAC and alert rules of
 * docs/operations/ (monitoring.md), with a ServiceAccount token: the API server over HTTPS, the scheduler and
 * the controller manager as their own processes (HTTPS, the token checked by delegated TokenReview and
 * SubjectAccessReview), and a real node agent's kubelet and cAdvisor endpoints (the token checked the same way,
 * for nodes/metrics). After two scrapes every job is
 * up, the components' metrics have series, and every alert rule evaluates.
 */
class PrometheusIT {

    private static final String NODE = "prom-node";
    private static final Path OPERATIONS_DOCS = Path.of("..", "docs", "operations");

    @RegisterExtension
    @Order(0)
    static final NodeAgentLock LOCK = new NodeAgentLock();

    @RegisterExtension
    @Order(1)
    static final RunningServer SERVER = new RunningServer(
            "--capstan.scheduler.enabled=false", "--capstan.controllers.enabled=false");

    @RegisterExtension
    @Order(2)
    static final RunningAgent AGENT = new RunningAgent(SERVER, NODE, "10.42.78.0/24");

    static KubernetesClient client;
    static Kubectl kubectl;
    static ComponentProcess scheduler;
    static ComponentProcess controllerManager;
    static Path dir;
    static String prometheusToken;
    static String nodeIp;

    @BeforeAll
    static void cluster() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the node agent needs root (containerd, iptables)");
        assumeTrue(PrometheusProcess.isInstalled(), "Debian's prometheus (scripts/install-deps.sh)");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        kubectl = new Kubectl(SERVER.kubeconfig());
        scheduler = ComponentProcess.start("scheduler", SERVER.kubeconfig());
        controllerManager = ComponentProcess.start("controller-manager", SERVER.kubeconfig());
        dir = Files.createTempDirectory("capstan-prometheus-");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ready(client.nodes().withName(NODE).get())).isTrue());
        nodeIp = client.nodes().withName(NODE).get().getStatus().getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst().orElseThrow();

        // what an operator does: the documented RBAC, then a token of its ServiceAccount for Prometheus to send
        kubectl.run(Map.of(), Files.readString(OPERATIONS_DOCS.resolve("prometheus-rbac.yaml")), "apply", "-f", "-").ok();
        prometheusToken = kubectl.run("-n", "monitoring", "create", "token", "prometheus", "--duration=1h").ok().out().trim();

        // a pod for the scheduler to place and for cAdvisor to report; its ServiceAccount comes from the controllers
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(client.serviceAccounts().inNamespace("default").withName("default").get())
                        .as("controller manager alive: %s; log:\n%s", controllerManager.isAlive(), controllerManager.log())
                        .isNotNull());
        kubectl.run("run", "sleeper", "--image=" + NodeImages.BUSYBOX_IMAGE, "--restart=Never", "--", "sleep", "3600").ok();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(client.pods().inNamespace("default").withName("sleeper").get().getStatus().getPhase())
                        .as("scheduler alive: %s; log:\n%s", scheduler.isAlive(), scheduler.log())
                        .isEqualTo("Running"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.pods().inNamespace("default").withName("sleeper").withGracePeriod(0).delete();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(client.pods().inNamespace("default").withName("sleeper").get()).isNull());
            client.close();
        }
        for (ComponentProcess component : new ComponentProcess[] {scheduler, controllerManager}) {
            if (component != null) {
                component.close();
            }
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean ready(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Test
    void prometheusScrapesEveryComponentWithTheDocumentedConfiguration() throws Exception {
        Path rules = OPERATIONS_DOCS.resolve("capstan-alerts.yml");
        assertThat(PrometheusProcess.checkRules(rules)).contains("SUCCESS");
        Files.copy(rules, dir.resolve("capstan-alerts.yml"));
        Files.writeString(dir.resolve("token"), prometheusToken);
        Files.copy(SERVER.dataDir().resolve("pki/ca.crt"), dir.resolve("ca.crt"));

        try (PrometheusProcess prometheus = PrometheusProcess.start(dir, documentedConfig())) {
            List<String> jobs = List.of("apiserver", "scheduler", "controller-manager", "kubelet", "cadvisor");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (String job : jobs) {
                    // two scrapes, the last one successful
                    assertThat(prometheus.query("count_over_time(up{job=\"" + job + "\"}[5m])"))
                            .as("%s scraped twice; targets: %s", job, prometheus.get("/api/v1/targets"))
                            .singleElement().satisfies(s -> assertThat(Double.parseDouble(s.value())).isGreaterThanOrEqualTo(2));
                    assertThat(prometheus.query("up{job=\"" + job + "\"}")).as("%s up", job)
                            .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo("1"));
                }
            });

            assertThat(prometheus.query("apiserver_request_total{job=\"apiserver\",verb=\"LIST\",resource=\"nodes\"}")).isNotEmpty();
            assertThat(prometheus.query("scheduler_schedule_attempts_total{job=\"scheduler\",result=\"scheduled\"}"))
                    .singleElement().satisfies(s -> assertThat(Double.parseDouble(s.value())).isGreaterThanOrEqualTo(1));
            assertThat(prometheus.query("workqueue_depth{job=\"controller-manager\",name=\"replicaset\"}")).isNotEmpty();
            assertThat(prometheus.query("kubelet_running_pods{job=\"kubelet\",node=\"" + NODE + "\"}")).isNotEmpty();
            assertThat(prometheus.query(
                    "container_cpu_usage_seconds_total{job=\"cadvisor\",namespace=\"default\",pod=\"sleeper\",container=\"sleeper\"}"))
                    .singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("node", NODE));

            // every documented rule evaluates against the real series
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode groups = prometheus.get("/api/v1/rules").path("groups");
                assertThat(groups.size()).isEqualTo(5);
                for (JsonNode group : groups) {
                    for (JsonNode rule : group.path("rules")) {
                        assertThat(rule.path("health").asString()).as("%s: %s", rule.path("name").asString(),
                                rule.path("lastError").asString()).isEqualTo("ok");
                    }
                }
            });
        }
    }

    @Test
    void theKubeletLetsATokenReadOnlyWhatItsUserIsAllowed() throws Exception {
        // the kubelet's serving certificate is self-signed, as Prometheus's insecure_skip_verify accepts it
        var trustAny = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        HttpClient kubelet = HttpClient.create().secure(spec -> spec.sslContext(trustAny)).baseUrl("https://" + nodeIp + ":10250");

        assertThat(status(kubelet, null, "/metrics/cadvisor")).isEqualTo("401 Unauthorized");
        assertThat(status(kubelet, prometheusToken, "/metrics/cadvisor")).startsWith("200 ");
        // nodes/metrics is not nodes/proxy: the monitoring token reads no logs
        assertThat(status(kubelet, prometheusToken, "/containerLogs/default/sleeper/sleeper")).isEqualTo(
                "403 Forbidden (user=system:serviceaccount:monitoring:prometheus, verb=get, resource=nodes, subresource=proxy)");
        String otherToken = kubectl.run("create", "token", "default", "--duration=1h").ok().out().trim();
        assertThat(status(kubelet, otherToken, "/metrics")).isEqualTo(
                "403 Forbidden (user=system:serviceaccount:default:default, verb=get, resource=nodes, subresource=metrics)");
        assertThat(status(kubelet, "not-a-token", "/metrics")).isEqualTo("401 Unauthorized");
    }

    /** "code body" for a body of one line (the refusals), "code" and the body's first line otherwise. */
    private static String status(HttpClient kubelet, String token, String path) {
        return kubelet.headers(h -> {
                    if (token != null) {
                        h.set("Authorization", "Bearer " + token);
                    }
                })
                .get().uri(path)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> response.status().code() + " " + text.lines().findFirst().orElse("")))
                .block(Duration.ofSeconds(30));
    }

    /**
     * docs/operations/prometheus.yml with the example addresses and paths replaced by this cluster's, and short
     * intervals. Every placeholder must be in the file, so the documented configuration cannot drift from the test.
     */
    private static String documentedConfig() throws Exception {
        Map<String, String> replacements = new LinkedHashMap<>();
        replacements.put("capstan.example.com:6443", "127.0.0.1:" + SERVER.port());
        replacements.put("capstan.example.com:10259", "127.0.0.1:" + scheduler.port());
        replacements.put("capstan.example.com:10257", "127.0.0.1:" + controllerManager.port());
        replacements.put("node-1.example.com:10250", nodeIp + ":10250");
        replacements.put("node: node-1", "node: " + NODE);
        replacements.put("/etc/prometheus/capstan/", dir + "/");
        // short, but not so short that a scrape times out (the timeout is the interval) on a busy test machine
        replacements.put("scrape_interval: 30s", "scrape_interval: 5s");
        replacements.put("evaluation_interval: 30s", "evaluation_interval: 5s");
        String config = Files.readString(OPERATIONS_DOCS.resolve("prometheus.yml"));
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            assertThat(config).as("docs/operations/prometheus.yml").contains(replacement.getKey());
            config = config.replace(replacement.getKey(), replacement.getValue());
        }
        return config;
    }
}
