package dev.capstan.server.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real Helm (3.21, in this JVM through helm-java) against {@code capstan server} with its scheduler and
 * controllers: a release's whole life (install with a post-install hook Job and {@code --wait}, upgrade with
 * {@code --wait}, history, back to revision 1, uninstall) with the objects checked through Fabric8 at each step,
 * Helm's release records read as the Secrets they are, and the project's own chart installed and removed. No
 * node agent runs: simulated nodes report bound pods Running and Ready, and the test finishes the hook's pod
 * ({@link HookPodRunner}); the project's chart is installed without nodes (its pods stay Pending).
 */
class HelmIT {

    private static final Path SAMPLE_CHART = Path.of("src/test/resources/charts/sample-app");
    private static final Path CAPSTAN_CHART = CapstanChartTest.CHART;

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = SERVER.client();
        // Helm gives its first request (discovery) 32 s: start once the server and its controllers are serving
        // (the default ServiceAccount exists), with discovery answered once, so that a loaded machine's slow
        // start does not count against Helm
        await().atMost(Duration.ofSeconds(120)).until(() -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
        assertThat(client.getApiGroups().getGroups()).isNotEmpty();
    }

    @Test
    void aReleaseIsInstalledUpgradedRolledBackAndUninstalled() throws Exception {
        try (SimulatedNodes nodes = new SimulatedNodes(client)) {
            // nodes that report their pods Running and Ready, so that Helm's --wait has something to wait for
            nodes.create(2, NodeShape.standard("helm-node-"));
            nodes.runBoundPods();
            try {
                releaseLifecycle("shop");
            } finally {
                nodes.deleteAll();
            }
        }
    }

    private void releaseLifecycle(String ns) throws Exception {
        Release installed;
        try (HookPodRunner hook = new HookPodRunner(client, ns, "app.kubernetes.io/component=post-install")) {
            installed = Helm.install(SAMPLE_CHART.toString()).withName("web").withNamespace(ns).createNamespace()
                    .waitReady().withTimeout(120).withKubeConfig(SERVER.kubeconfig()).call();
            // Helm returns only once the hook Job completed: its pod must have run (here: been finished by us)
            assertThat(hook.finished()).hasSize(1);
        }
        assertThat(installed.getStatus()).isEqualTo("deployed");
        assertThat(installed.getRevision()).isEqualTo("1");
        assertRevisionOne(ns);
        // --wait returned once the Deployment's pod was ready
        assertThat(client.apps().deployments().inNamespace(ns).withName("web-web").get().getStatus().getReadyReplicas()).isEqualTo(1);
        // hook-succeeded: Helm deleted the Job after it completed (and the garbage collector its pod)
        assertThat(client.resources(Job.class).inNamespace(ns).withName("web-post-install").get()).isNull();
        assertThat(client.serviceAccounts().inNamespace(ns).withName("web").get()).isNotNull();
        assertThat(client.rbac().roles().inNamespace(ns).withName("web-config-reader").get().getRules().get(0)
                .getResourceNames()).containsExactly("web-config");
        assertThat(client.rbac().roleBindings().inNamespace(ns).withName("web-config-reader").get().getSubjects().get(0)
                .getName()).isEqualTo("web");
        assertThat(client.services().inNamespace(ns).withName("web-web").get().getSpec().getClusterIP()).isNotBlank();
        assertThat(client.secrets().inNamespace(ns).withName("web-credentials").get().getData())
                .containsEntry("username", "YXBw");

        Release upgraded = Helm.upgrade(SAMPLE_CHART.toString()).withName("web").withNamespace(ns)
                .set("message", "goodbye").set("replicaCount", 3).waitReady().withTimeout(120)
                .withKubeConfig(SERVER.kubeconfig()).call();
        assertThat(upgraded.getStatus()).isEqualTo("deployed");
        assertThat(upgraded.getRevision()).isEqualTo("2");
        assertThat(client.configMaps().inNamespace(ns).withName("web-config").get().getData()).containsEntry("message", "goodbye");
        Deployment web = client.apps().deployments().inNamespace(ns).withName("web-web").get();
        assertThat(web.getSpec().getReplicas()).isEqualTo(3);
        // the checksum annotation changed, so the Deployment controller rolled a second ReplicaSet, and --wait
        // returned once its three pods were ready
        assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(2);
        assertThat(web.getStatus().getReadyReplicas()).isEqualTo(3);

        List<ReleaseHistory> history = Helm.history("web").withNamespace(ns).withKubeConfig(SERVER.kubeconfig()).call();
        assertThat(history).extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
                .containsExactly(tuple(1, "superseded"), tuple(2, "deployed"));

        // back to revision 1's values (helm-java has no rollback command: see rollBackToFirstRevision)
        Release rolledBack = rollBackToFirstRevision("web", ns);
        assertThat(rolledBack.getRevision()).isEqualTo("3");
        assertRevisionOne(ns);

        List<Secret> records = client.secrets().inNamespace(ns).withLabels(Map.of("owner", "helm", "name", "web")).list()
                .getItems().stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
        assertThat(records).extracting(s -> s.getMetadata().getName())
                .containsExactly("sh.helm.release.v1.web.v1", "sh.helm.release.v1.web.v2", "sh.helm.release.v1.web.v3");
        assertThat(records).allSatisfy(s -> assertThat(s.getType()).isEqualTo("helm.sh/release.v1"));
        assertThat(records).extracting(s -> s.getMetadata().getLabels().get("status"))
                .containsExactly("superseded", "superseded", "deployed");
        HelmReleaseRecord third = HelmReleaseRecord.of(records.get(2));
        assertThat(third.version()).isEqualTo(3);
        assertThat(third.status()).isEqualTo("deployed");
        assertThat(third.manifest()).contains("message: \"hello\"");
        assertThat(HelmReleaseRecord.of(records.get(1)).manifest()).contains("message: \"goodbye\"");

        String uninstalled = Helm.uninstall("web").withNamespace(ns).withKubeConfig(SERVER.kubeconfig()).call();
        assertThat(uninstalled).contains("uninstalled");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        });
        assertThat(client.configMaps().inNamespace(ns).withName("web-config").get()).isNull();
        assertThat(client.secrets().inNamespace(ns).withName("web-credentials").get()).isNull();
        assertThat(client.services().inNamespace(ns).withName("web-web").get()).isNull();
        assertThat(client.serviceAccounts().inNamespace(ns).withName("web").get()).isNull();
        assertThat(client.rbac().roles().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.rbac().roleBindings().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems()).isEmpty();
        assertThat(Helm.list().withNamespace(ns).withKubeConfig(SERVER.kubeconfig()).call()).isEmpty();
    }

    @Test
    void theProjectsChartInstallsCapstansComponentsAndUninstallsThem() throws Exception {
        String ns = "capstan-system";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        // the kubeconfig the components would reach this API server with (values: kubeconfig.existingSecret)
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("capstan-kubeconfig").endMetadata()
                .addToStringData("kubeconfig", Files.readString(SERVER.kubeconfig())).build()).create();

        Release release = Helm.install(CAPSTAN_CHART.toString()).withName("capstan").withNamespace(ns)
                .set("image.repository", "registry.example/capstan").set("image.tag", "test")
                .withKubeConfig(SERVER.kubeconfig()).call();

        assertThat(release.getStatus()).isEqualTo("deployed");
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems())
                .extracting(d -> d.getMetadata().getName(), d -> d.getSpec().getReplicas())
                .containsExactlyInAnyOrder(tuple("capstan-apiserver", 1), tuple("capstan-scheduler", 2),
                        tuple("capstan-controller-manager", 2));
        Deployment scheduler = client.apps().deployments().inNamespace(ns).withName("capstan-scheduler").get();
        assertThat(scheduler.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--leader-elect=true");
        assertThat(scheduler.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/capstan:test");
        // the controllers act on them: ReplicaSets and (Pending, no node here) pods
        await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(ns).withLabel("app.kubernetes.io/component", "scheduler")
                .list().getItems().size() == 2);
        DaemonSet agent = client.apps().daemonSets().inNamespace(ns).withName("capstan-node-agent").get();
        assertThat(agent.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
        assertThat(agent.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
        assertThat(client.services().inNamespace(ns).withName("capstan-apiserver").get().getSpec().getPorts().get(0).getPort()).isEqualTo(6443);
        ConfigMap dashboard = client.configMaps().inNamespace(ns).withName("capstan-dashboard").get();
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getData().get("capstan.json")).contains("apiserver_request_total");
        assertThat(client.serviceAccounts().inNamespace(ns).list().getItems()).extracting(sa -> sa.getMetadata().getName())
                .contains("capstan-apiserver", "capstan-scheduler", "capstan-controller-manager", "capstan-node-agent");
        assertThat(client.rbac().clusterRoleBindings().withName("capstan-scheduler-kube-scheduler").get().getRoleRef().getName())
                .isEqualTo("system:kube-scheduler");
        assertThat(client.rbac().clusterRoleBindings().withName("capstan-node-agent-node-proxier").get().getSubjects().get(0).getNamespace())
                .isEqualTo(ns);

        Helm.uninstall("capstan").withNamespace(ns).withKubeConfig(SERVER.kubeconfig()).call();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.apps().daemonSets().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        });
        assertThat(client.rbac().clusterRoleBindings().list().getItems()).noneMatch(b -> b.getMetadata().getName().startsWith("capstan-"));
        assertThat(client.configMaps().inNamespace(ns).withName("capstan-dashboard").get()).isNull();
        assertThat(client.secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems()).isEmpty();
        // what Helm did not install stays
        assertThat(client.secrets().inNamespace(ns).withName("capstan-kubeconfig").get()).isNotNull();
    }

    @Test
    void theDashboardQueriesTheMetricsTheControlPlaneExports() throws Exception {
        // a pod to schedule (unschedulable: no nodes), so that the scheduler's attempt metrics exist
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("dashboard-probe").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("capstan.local/busybox").endContainer().endSpec()
                .build()).create();
        String dashboard = Files.readString(CAPSTAN_CHART.resolve("dashboards/capstan.json"));
        // the control plane's families; kubelet_* and container_* come from node agents, which do not run here
        Set<String> queried = new TreeSet<>();
        Matcher names = Pattern.compile("\\b(?:apiserver|etcd|scheduler|workqueue)_[a-z_]+").matcher(dashboard);
        while (names.find()) {
            queried.add(names.group());
        }
        assertThat(queried).contains("apiserver_request_total", "scheduler_pending_pods", "workqueue_depth");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = client.raw(SERVER.url() + "/metrics");
            assertThat(queried).allSatisfy(name -> assertThat(metrics).contains("\n" + name));
        });
        client.pods().inNamespace("default").withName("dashboard-probe").delete();
    }

    /** Revision 1: the chart's default values. */
    private static void assertRevisionOne(String ns) {
        assertThat(client.configMaps().inNamespace(ns).withName("web-config").get().getData()).containsEntry("message", "hello");
        Deployment web = client.apps().deployments().inNamespace(ns).withName("web-web").get();
        assertThat(web.getSpec().getReplicas()).isEqualTo(1);
        assertThat(web.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
        assertThat(web.getMetadata().getAnnotations()).containsEntry("meta.helm.sh/release-name", "web")
                .containsEntry("meta.helm.sh/release-namespace", ns);
    }

    /**
     * helm-java 0.0.21 (the newest) does not expose {@code helm rollback} (manusa/helm-java#351). Helm's rollback
     * applies the old revision's chart and values to the live objects through the same client update (a
     * three-way strategic merge patch per object) that an upgrade uses, so an upgrade with the revision's values
     * ({@code --reset-values}: the chart's defaults here) makes the same requests of the API server.
     */
    private static Release rollBackToFirstRevision(String release, String ns) {
        return Helm.upgrade(SAMPLE_CHART.toString()).withName(release).withNamespace(ns).resetValues()
                .withDescription("Rollback to 1").withKubeConfig(SERVER.kubeconfig()).call();
    }
}
