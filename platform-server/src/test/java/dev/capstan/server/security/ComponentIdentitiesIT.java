package dev.capstan.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import dev.capstan.server.pki.ComponentKubeconfigs;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each component of {@code capstan server} reaches the API as itself, with least privilege: the audit log shows the
 * scheduler binding as {@code system:kube-scheduler}, each controller writing as its own ServiceAccount, and none of
 * them as the admin; their kubeconfigs name those users, and RBAC refuses them what their job does not need.
 */
class ComponentIdentitiesIT {

    static final AuditLogFile AUDIT = new AuditLogFile("""
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: ["RequestReceived"]
                    rules:
                      - level: None
                        verbs: ["get", "list", "watch"]
                      - level: Metadata
                    """);

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(AUDIT.serverArgs());

    static KubernetesClient admin;
    static SimulatedNodes nodes;
    static Kubectl kubectl;

    @BeforeAll
    static void connect() throws IOException {
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        kubectl = new Kubectl(SERVER.kubeconfig());
        nodes = new SimulatedNodes(admin);
        nodes.create(1, NodeShape.standard("id-node-"));
        nodes.runBoundPods();
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        admin.close();
    }

    static List<JsonNode> events() {
        return AUDIT.events();
    }

    static JsonNode awaitEvent(Predicate<JsonNode> match) {
        return AUDIT.awaitEvent(match, Duration.ofSeconds(60));
    }

    static Predicate<JsonNode> write(String verb, String resource, String subresource) {
        return e -> e.path("verb").asString().equals(verb)
                && e.path("objectRef").path("resource").asString().equals(resource)
                && e.path("objectRef").path("subresource").asString("").equals(subresource)
                && e.path("responseStatus").path("code").asInt() < 300;
    }

    static String user(JsonNode event) {
        return event.path("user").path("username").asString();
    }

    @Test
    void aDeploymentRollsOutWithEachComponentActingAsItself() {
        admin.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("who").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "who")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "who")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.pods().inNamespace("default").withLabel("app", "who").list()
                .getItems().stream().filter(p -> p.getSpec().getNodeName() != null).count() == 2);

        assertThat(user(awaitEvent(write("create", "replicasets", ""))))
                .isEqualTo("system:serviceaccount:kube-system:deployment-controller");
        assertThat(user(awaitEvent(write("create", "pods", ""))))
                .isEqualTo("system:serviceaccount:kube-system:replicaset-controller");
        assertThat(user(awaitEvent(write("create", "pods", "binding")))).isEqualTo("system:kube-scheduler");
        Predicate<JsonNode> leaseRenewal = write("update", "leases", "").or(write("patch", "leases", ""));
        assertThat(user(awaitEvent(leaseRenewal.and(e -> e.path("objectRef").path("name").asString().equals("kube-controller-manager")))))
                .isEqualTo("system:kube-controller-manager");
        // the controllers' tokens come from the TokenRequest API, asked for by the manager's own identity
        assertThat(user(awaitEvent(write("create", "serviceaccounts", "token")))).isEqualTo("system:kube-controller-manager");

        // nothing the components did ran as the admin (the test's own requests are the only admin ones)
        List<JsonNode> componentWrites = events().stream()
                .filter(e -> e.path("userAgent").asString().startsWith("capstan-")).toList();
        assertThat(componentWrites).hasSizeGreaterThan(5)
                .noneMatch(e -> user(e).equals("admin") || e.path("user").path("groups").toString().contains("system:masters"));
    }

    @Test
    void aControllerWhoseTokenIsRejectedGetsANewOneAndCarriesOn() {
        deployment("before");
        await().atMost(Duration.ofSeconds(60)).until(() -> !admin.apps().replicaSets().inNamespace("default")
                .withLabel("app", "before").list().getItems().isEmpty());
        // deleting the ServiceAccount invalidates every token bound to it, well before they expire (the controller
        // may make it again at once, on its next request: a new uid)
        var account = admin.serviceAccounts().inNamespace("kube-system").withName("deployment-controller");
        String uid = account.get().getMetadata().getUid();
        account.delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var now = account.get();
            return now == null || !now.getMetadata().getUid().equals(uid);
        });

        deployment("after");
        await().atMost(Duration.ofSeconds(60)).until(() -> !admin.apps().replicaSets().inNamespace("default")
                .withLabel("app", "after").list().getItems().isEmpty());

        // the controller's first write with the old token was refused; it asked for a new one and wrote as itself
        assertThat(awaitEvent(e -> e.path("responseStatus").path("code").asInt() == 401
                && e.path("userAgent").asString().endsWith("deployment-controller"))).isNotNull();
        assertThat(user(awaitEvent(write("create", "replicasets", "")
                .and(e -> e.path("objectRef").path("name").asString().startsWith("after-")))))
                .isEqualTo("system:serviceaccount:kube-system:deployment-controller");
        assertThat(account.get().getMetadata().getUid()).isNotEqualTo(uid);
    }

    private static void deployment(String name) {
        admin.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    @Test
    void eachComponentKubeconfigNamesItsOwnUser() {
        Path data = SERVER.dataDir();
        assertThat(whoami(data.resolve(ComponentKubeconfigs.SCHEDULER))).contains("system:kube-scheduler")
                .doesNotContain("system:masters");
        assertThat(whoami(data.resolve(ComponentKubeconfigs.CONTROLLER_MANAGER))).contains("system:kube-controller-manager")
                .doesNotContain("system:masters");
        assertThat(whoami(data.resolve(ComponentKubeconfigs.KUBE_PROXY))).contains("system:kube-proxy")
                .doesNotContain("system:masters");
        Path node = ComponentKubeconfigs.writeNode(data, SERVER.url(), "id-node-0");
        assertThat(whoami(node)).contains("system:node:id-node-0", "system:nodes").doesNotContain("system:masters");
    }

    @Test
    void componentsAreRefusedWhatTheirJobDoesNotNeed() {
        Path data = SERVER.dataDir();
        admin.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("private")
                .endMetadata().addToData("k", "v").build()).createOr(c -> c.update());

        // the scheduler binds pods; it does not create them, nor read Secrets
        assertThat(canI("system:kube-scheduler", "create", "pods")).isEqualTo("no");
        assertThat(canI("system:kube-scheduler", "create", "pods", "--subresource=binding")).isEqualTo("yes");
        assertThat(new Kubectl(data.resolve(ComponentKubeconfigs.SCHEDULER)).run("get", "secrets", "-n", "kube-system")
                .err()).contains("Forbidden");
        // the controller manager's own identity lists and watches, but writes only through its controllers' accounts
        assertThat(canI("system:kube-controller-manager", "create", "pods")).isEqualTo("no");
        assertThat(canI("system:kube-controller-manager", "list", "pods")).isEqualTo("yes");
        // a controller's account does its job only
        assertThat(canI("system:serviceaccount:kube-system:replicaset-controller", "create", "pods")).isEqualTo("yes");
        assertThat(canI("system:serviceaccount:kube-system:replicaset-controller", "delete", "nodes")).isEqualTo("no");
        assertThat(canI("system:serviceaccount:kube-system:job-controller", "update", "deployments.apps")).isEqualTo("no");
        // the proxy reads Services and EndpointSlices, nothing else
        assertThat(canI("system:kube-proxy", "list", "endpointslices.discovery.k8s.io")).isEqualTo("yes");
        assertThat(canI("system:kube-proxy", "get", "configmaps")).isEqualTo("no");
        // a node reads only what its pods use (Node authorizer): not an unrelated ConfigMap
        Path node = ComponentKubeconfigs.writeNode(data, SERVER.url(), "id-node-0");
        assertThat(new Kubectl(node).run("get", "configmap", "private", "-n", "default").err()).contains("Forbidden");
    }

    static String whoami(Path kubeconfig) {
        Kubectl.Result result = new Kubectl(kubeconfig).run("auth", "whoami", "-o", "json").ok();
        return JsonMapper.builder().build().readTree(result.out()).path("status").path("userInfo").toString();
    }

    static String canI(String user, String verb, String resource, String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("auth", "can-i", verb, resource, "--as=" + user, "-n", "default"));
        args.addAll(List.of(flags));
        return kubectl.run(args.toArray(String[]::new)).out().trim();
    }
}
