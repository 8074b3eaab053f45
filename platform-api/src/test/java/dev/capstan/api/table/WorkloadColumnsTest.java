package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.onlyRow;
import static dev.capstan.api.table.TableAssertions.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WorkloadColumnsTest {

    private static PodTemplateSpec template() {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("nginx:1.27").endContainer()
                .addNewContainer().withName("proxy").withImage("envoy:1.30").endContainer()
                .endSpec().build();
    }

    private static Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("default")
                .withCreationTimestamp(ago(45 * 24 * 3600)).endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().addToMatchLabels("app", "web")
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front", "edge")
                .endMatchExpression()
                .endSelector()
                .withTemplate(template()).endSpec()
                .withNewStatus().withReplicas(3).withReadyReplicas(2).withUpdatedReplicas(3)
                .withAvailableReplicas(2).endStatus()
                .build();
    }

    @Test
    void deploymentShowsReadyOverDesiredAndUpdatedAndAvailableCounts() {
        JsonNode table = table("apps", "Deployment", deployment());

        assertThat(TableAssertions.defaultColumnNames(table))
                .containsExactly("Name", "Ready", "Up-to-date", "Available", "Age");
        assertThat(TableAssertions.wideColumnNames(table)).containsExactly("Containers", "Images", "Selector");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Name", "web")
                .containsEntry("Ready", "2/3")
                .containsEntry("Up-to-date", 3L)
                .containsEntry("Available", 2L)
                .containsEntry("Age", "45d")
                .containsEntry("Containers", "app,proxy")
                .containsEntry("Images", "nginx:1.27,envoy:1.30")
                .containsEntry("Selector", "app=web,tier in (edge,front)");
    }

    @Test
    void deploymentWithoutStatusShowsZeroReady() {
        Deployment fresh = new DeploymentBuilder(deployment()).withStatus(null).build();

        assertThat(onlyRow("apps", "Deployment", fresh)).containsEntry("Ready", "0/3")
                .containsEntry("Up-to-date", 0L).containsEntry("Available", 0L);
    }

    @Test
    void replicaSetShowsDesiredCurrentReadyAsIntegers() {
        Map<String, Object> row = onlyRow("apps", "ReplicaSet", new ReplicaSetBuilder()
                .withNewMetadata().withName("web-5d8f").withCreationTimestamp(ago(90)).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web")
                .addToMatchLabels("pod-template-hash", "5d8f").endSelector().withTemplate(template()).endSpec()
                .withNewStatus().withReplicas(3).withReadyReplicas(1).endStatus().build());

        assertThat(row).containsEntry("Desired", 3L).containsEntry("Current", 3L).containsEntry("Ready", 1L)
                .containsEntry("Age", "90s").containsEntry("Selector", "app=web,pod-template-hash=5d8f");
    }

    @Test
    void statefulSetShowsReadyOverDesiredAndNoSelector() {
        JsonNode table = table("apps", "StatefulSet", new StatefulSetBuilder()
                .withNewMetadata().withName("db").withCreationTimestamp(ago(3 * 3600 + 60)).endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("db").withNewSelector()
                .addToMatchLabels("app", "db").endSelector().withTemplate(template()).endSpec()
                .withNewStatus().withReplicas(3).withReadyReplicas(3).endStatus().build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Ready", "Age", "Containers", "Images");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Ready", "3/3").containsEntry("Age", "3h1m");
    }

    @Test
    void daemonSetShowsScheduleCountsAndNodeSelector() {
        PodTemplateSpec template = new PodTemplateSpecBuilder(template()).editSpec()
                .addToNodeSelector("kubernetes.io/os", "linux").endSpec().build();
        Map<String, Object> row = onlyRow("apps", "DaemonSet", new DaemonSetBuilder()
                .withNewMetadata().withName("agent").withCreationTimestamp(ago(60)).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
                .withTemplate(template).endSpec()
                .withNewStatus().withDesiredNumberScheduled(3).withCurrentNumberScheduled(3).withNumberReady(2)
                .withUpdatedNumberScheduled(3).withNumberAvailable(2).withNumberMisscheduled(0).endStatus().build());

        assertThat(row).containsEntry("Desired", 3L).containsEntry("Current", 3L).containsEntry("Ready", 2L)
                .containsEntry("Up-to-date", 3L).containsEntry("Available", 2L)
                .containsEntry("Node Selector", "kubernetes.io/os=linux")
                .containsEntry("Selector", "app=agent");
    }

    @Test
    void replicationControllerFormatsItsMapSelector() {
        Map<String, Object> row = onlyRow("", "ReplicationController", new ReplicationControllerBuilder()
                .withNewMetadata().withName("legacy").withCreationTimestamp(ago(60)).endMetadata()
                .withNewSpec().withReplicas(2).addToSelector("app", "legacy").addToSelector("env", "prod")
                .withTemplate(template()).endSpec()
                .withNewStatus().withReplicas(2).withReadyReplicas(2).endStatus().build());

        assertThat(row).containsEntry("Desired", 2L).containsEntry("Ready", 2L)
                .containsEntry("Selector", "app=legacy,env=prod").containsEntry("Images", "nginx:1.27,envoy:1.30");
    }
}
