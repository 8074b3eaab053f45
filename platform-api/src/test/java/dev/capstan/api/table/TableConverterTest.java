package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.NOW;
import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TableConverterTest {

    private final TableConverter converter = new TableConverter();

    private static JsonNode configMap(String name) {
        return tree(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withResourceVersion("17").withUid("u-" + name).addToLabels("app", "web")
                .withCreationTimestamp(ago(5)).endMetadata()
                .addToData("k", "v").build());
    }

    @Test
    void tableHasUpstreamsEnvelopeWithListMetadata() {
        ObjectNode table = converter.toTable("", "ConfigMap", List.of(configMap("a"), configMap("b")), "Metadata",
                "123", "next-page", NOW);

        assertThat(table.path("kind").stringValue()).isEqualTo("Table");
        assertThat(table.path("apiVersion").stringValue()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.path("metadata").path("resourceVersion").stringValue()).isEqualTo("123");
        assertThat(table.path("metadata").path("continue").stringValue()).isEqualTo("next-page");
        assertThat(table.path("rows")).hasSize(2);
        assertThat(table.path("rows").get(1).path("cells").get(0).stringValue()).isEqualTo("b");
    }

    @Test
    void continueIsOmittedWhenNullAndEmptyListHasNoRows() {
        ObjectNode table = converter.toTable("", "ConfigMap", List.of(), null, "9", null, NOW);

        assertThat(table.path("metadata").has("continue")).isFalse();
        assertThat(table.path("rows").isArray()).isTrue();
        assertThat(table.path("rows")).isEmpty();
        assertThat(table.path("columnDefinitions")).hasSize(3);
    }

    @Test
    void columnDefinitionsCarryAllFiveFields() {
        ObjectNode table = converter.toTable("", "ConfigMap", List.of(), null, null, null, NOW);
        JsonNode name = table.path("columnDefinitions").get(0);
        JsonNode data = table.path("columnDefinitions").get(1);

        assertThat(name.path("name").stringValue()).isEqualTo("Name");
        assertThat(name.path("type").stringValue()).isEqualTo("string");
        assertThat(name.path("format").stringValue()).isEqualTo("name");
        assertThat(name.path("description").stringValue()).startsWith("Name must be unique within a namespace.");
        assertThat(name.path("priority").intValue()).isZero();
        assertThat(data.path("format").stringValue()).isEmpty();
        assertThat(table.has("metadata")).isTrue();
        assertThat(table.path("metadata").has("resourceVersion")).isFalse();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"Metadata", ""})
    void metadataIsTheDefaultAndCarriesPartialObjectMetadata(String includeObject) {
        JsonNode object = converter.toTable("", "ConfigMap", List.of(configMap("a")), includeObject, "1", null, NOW)
                .path("rows").get(0).path("object");

        assertThat(object.path("kind").stringValue()).isEqualTo("PartialObjectMetadata");
        assertThat(object.path("apiVersion").stringValue()).isEqualTo("meta.k8s.io/v1");
        assertThat(object.path("metadata").path("name").stringValue()).isEqualTo("a");
        assertThat(object.path("metadata").path("uid").stringValue()).isEqualTo("u-a");
        assertThat(object.path("metadata").path("labels").path("app").stringValue()).isEqualTo("web");
        assertThat(object.has("data")).isFalse();
    }

    @Test
    void includeObjectCarriesACopyOfTheWholeObject() {
        JsonNode original = configMap("a");
        JsonNode object = converter.toTable("", "ConfigMap", List.of(original), "Object", "1", null, NOW)
                .path("rows").get(0).path("object");

        assertThat(object).isEqualTo(original);
        ((ObjectNode) object).put("mutated", true);
        assertThat(original.has("mutated")).isFalse();
    }

    @Test
    void includeNoneLeavesTheRowObjectNull() {
        JsonNode row = converter.toTable("", "ConfigMap", List.of(configMap("a")), "None", "1", null, NOW)
                .path("rows").get(0);

        assertThat(row.has("object")).isTrue();
        assertThat(row.path("object").isNull()).isTrue();
        assertThat(row.path("cells")).hasSize(3);
    }

    @Test
    void unknownIncludeObjectIsABadRequest() {
        assertThatThrownBy(() -> converter.toTable("", "ConfigMap", List.of(), "Everything", null, null, NOW))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("unrecognized includeObject value: \"Everything\"");
    }

    @Test
    void customResourceWithoutPrinterGetsNameAndAgeAsDate() {
        ObjectNode widget = Json.object();
        widget.put("apiVersion", "example.com/v1");
        widget.put("kind", "Widget");
        widget.putObject("metadata").put("name", "w1").put("creationTimestamp", ago(3 * 60 + 12));
        ObjectNode noTimestamp = widget.deepCopy();
        ((ObjectNode) noTimestamp.path("metadata")).remove("creationTimestamp");

        ObjectNode table = converter.toTable("example.com", "Widget", List.of(widget, noTimestamp), null, "5", null,
                NOW);

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Age");
        assertThat(table.path("columnDefinitions").get(1).path("type").stringValue()).isEqualTo("date");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Name", "w1").containsEntry("Age", "3m12s");
        assertThat(TableAssertions.row(table, 1)).containsEntry("Age", null);
    }

    @Test
    void kindIsLookedUpWithinItsGroup() {
        ObjectNode table = converter.toTable("example.com", "Pod", List.of(), null, null, null, NOW);

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Age");
    }

    @Test
    void tableSerializesAsJson() {
        ObjectNode table = converter.toTable("", "ConfigMap", List.of(configMap("a")), "None", "1", null, NOW);

        assertThat(new String(Json.write(table)))
                .contains("\"cells\":[\"a\",1,\"5s\"]")
                .contains("\"object\":null");
    }
}
