package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.onlyRow;
import static dev.capstan.api.table.TableAssertions.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConfigColumnsTest {

    @Test
    void namespaceShowsItsPhase() {
        JsonNode table = table("", "Namespace", new NamespaceBuilder()
                .withNewMetadata().withName("team-a").withCreationTimestamp(ago(2 * 24 * 3600 + 3 * 3600))
                .endMetadata().withNewStatus().withPhase("Active").endStatus().build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Status", "Age");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Name", "team-a").containsEntry("Status", "Active")
                .containsEntry("Age", "2d3h");
    }

    @Test
    void configMapCountsDataAndBinaryDataKeys() {
        JsonNode table = table("", "ConfigMap", new ConfigMapBuilder()
                .withNewMetadata().withName("settings").withCreationTimestamp(ago(30)).endMetadata()
                .addToData("a", "1").addToData("b", "2").addToBinaryData("c", "AAE=").build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Data", "Age");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Data", 3L).containsEntry("Age", "30s");
    }

    @Test
    void secretShowsTypeAndDataCount() {
        JsonNode table = table("", "Secret", new SecretBuilder()
                .withNewMetadata().withName("tls").endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.crt", "Y2VydA==").addToData("tls.key", "a2V5").build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Type", "Data", "Age");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Type", "kubernetes.io/tls")
                .containsEntry("Data", 2L);
    }

    @Test
    void serviceAccountCountsSecrets() {
        JsonNode table = table("", "ServiceAccount", new ServiceAccountBuilder()
                .withNewMetadata().withName("default").endMetadata().build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Secrets", "Age");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Secrets", 0L);
    }

    @Test
    void resourceQuotaSplitsRequestsFromLimitsSortedByResource() {
        JsonNode table = table("", "ResourceQuota", new ResourceQuotaBuilder()
                .withNewMetadata().withName("compute").endMetadata()
                .withNewStatus()
                .addToHard("requests.cpu", new Quantity("2")).addToUsed("requests.cpu", new Quantity("500m"))
                .addToHard("limits.memory", new Quantity("4Gi")).addToUsed("limits.memory", new Quantity("1Gi"))
                .addToHard("pods", new Quantity("10"))
                .endStatus().build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Request", "Limit", "Age");
        assertThat(TableAssertions.row(table, 0))
                .containsEntry("Request", "pods: 0/10, requests.cpu: 500m/2")
                .containsEntry("Limit", "limits.memory: 1Gi/4Gi");
    }

    @Test
    void limitRangeHasNoPrinterAndGetsNameAndCreatedAt() {
        JsonNode table = table("", "LimitRange", new io.fabric8.kubernetes.api.model.LimitRangeBuilder()
                .withNewMetadata().withName("defaults").withCreationTimestamp("2024-03-01T08:00:00Z")
                .endMetadata().build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Created At");
        assertThat(table.path("columnDefinitions").get(1).path("type").stringValue()).isEqualTo("date");
        assertThat(onlyRow("", "LimitRange", new io.fabric8.kubernetes.api.model.LimitRangeBuilder()
                .withNewMetadata().withName("defaults").withCreationTimestamp("2024-03-01T08:00:00Z")
                .endMetadata().build())).containsEntry("Created At", "2024-03-01T08:00:00Z");
    }
}
