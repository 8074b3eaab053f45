package dev.capstan.server.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's chart, {@code helm/capstan}, through the real Helm's lint and template (no cluster needed). */
class CapstanChartTest {

    static final Path CHART = Path.of("../helm/capstan");

    @Test
    void lintPassesStrictly() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void theDefaultValuesRenderTheControlPlaneTheNodeAgentRbacAndTheDashboard() {
        List<HasMetadata> objects = render(Map.of());
        Deployment apiserver = find(objects, Deployment.class, "capstan-apiserver");
        assertThat(apiserver.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("server", "--capstan.scheduler.enabled=false", "--capstan.controllers.enabled=false");
        assertThat(apiserver.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/scheme", "https")
                .containsEntry("prometheus.io/port", "6443").containsEntry("prometheus.io/path", "/metrics");

        Deployment scheduler = find(objects, Deployment.class, "capstan-scheduler");
        assertThat(scheduler.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container(scheduler).getArgs()).contains("scheduler", "--leader-elect=true", "--bind-address=0.0.0.0");
        assertThat(scheduler.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("capstan-scheduler");
        assertThat(container(find(objects, Deployment.class, "capstan-controller-manager")).getArgs())
                .contains("controller-manager", "--capstan.controllers.leader-election=true");

        DaemonSet agent = find(objects, DaemonSet.class, "capstan-node-agent");
        assertThat(agent.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
        assertThat(agent.getSpec().getTemplate().getSpec().getHostPID()).isTrue();
        assertThat(agent.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
        assertThat(agent.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("agent", "--node-name=$(NODE_NAME)");

        assertThat(objects.stream().filter(ClusterRoleBinding.class::isInstance).map(ClusterRoleBinding.class::cast)
                .map(b -> b.getSubjects().get(0).getName() + "->" + b.getRoleRef().getName()))
                .containsExactlyInAnyOrder("capstan-scheduler->system:kube-scheduler",
                        "capstan-controller-manager->system:kube-controller-manager",
                        "capstan-node-agent->system:node", "capstan-node-agent->system:node-proxier");

        ConfigMap dashboard = find(objects, ConfigMap.class, "capstan-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = Serialization.unmarshal(dashboard.getData().get("capstan.json"), Map.class);
        assertThat(json).containsEntry("title", "Capstan");
        assertThat(dashboard.getData().get("capstan.json"))
                .contains("apiserver_request_total", "apiserver_request_duration_seconds_bucket", "scheduler_schedule_attempts_total",
                        "scheduler_pending_pods", "workqueue_depth", "workqueue_adds_total", "kubelet_running_pods",
                        "container_cpu_usage_seconds_total");
    }

    @Test
    void componentsCanBeTurnedOffAndTheImageChosen() {
        List<HasMetadata> objects = render(Map.of("nodeAgent.enabled", false, "apiserver.enabled", false,
                "grafanaDashboard.enabled", false, "image.repository", "registry.example/capstan", "image.tag", "dev"));
        assertThat(objects).noneMatch(o -> o instanceof DaemonSet || o instanceof ConfigMap);
        assertThat(objects.stream().filter(Deployment.class::isInstance).map(o -> o.getMetadata().getName()))
                .containsExactlyInAnyOrder("capstan-scheduler", "capstan-controller-manager");
        assertThat(container(find(objects, Deployment.class, "capstan-scheduler")).getImage()).isEqualTo("registry.example/capstan:dev");
    }

    @Test
    void severalApiServersWithoutEtcdAreRefused() {
        assertThatThrownBy(() -> render(Map.of("apiserver.replicas", 3)))
                .hasMessageContaining("apiserver.replicas > 1 needs apiserver.etcdServers");
    }

    private static List<HasMetadata> render(Map<String, Object> values) {
        var template = new Helm(CHART).template().withName("capstan").withNamespace("capstan-system");
        values.forEach(template::set);
        String manifests = template.call();
        List<HasMetadata> objects = Serialization.unmarshal(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8)));
        return objects;
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast).filter(o -> o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + objects));
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
