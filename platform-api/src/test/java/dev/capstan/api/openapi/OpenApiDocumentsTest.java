package dev.capstan.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenApiDocumentsTest {

    private final OpenApiDocuments documents = new OpenApiDocuments(TestKinds.ALL);
    private final ObjectNode v2 = documents.v2();

    @ParameterizedTest
    @CsvSource({
            "io.k8s.api.core.v1.Pod, '', v1, Pod",
            "io.k8s.api.core.v1.PodList, '', v1, PodList",
            "io.k8s.api.core.v1.Namespace, '', v1, Namespace",
            "io.k8s.api.apps.v1.Deployment, apps, v1, Deployment",
            "io.k8s.api.coordination.v1.Lease, coordination.k8s.io, v1, Lease"})
    void servedKindsAreDefinedWithTheirGroupVersionKind(String definition, String group, String version,
            String kind) {
        JsonNode gvks = v2.path("definitions").path(definition).path("x-kubernetes-group-version-kind");

        assertThat(gvks.isArray()).as(definition).isTrue();
        assertThat(gvks.get(0).path("group").asString()).isEqualTo(group);
        assertThat(gvks.get(0).path("version").asString()).isEqualTo(version);
        assertThat(gvks.get(0).path("kind").asString()).isEqualTo(kind);
    }

    @Test
    void refsLeadFromPodThroughPodSpecToContainerFields() {
        JsonNode pod = definition("io.k8s.api.core.v1.Pod");
        JsonNode podSpec = resolve(pod.path("properties").path("spec"));
        JsonNode containers = podSpec.path("properties").path("containers");
        JsonNode container = resolve(containers.path("items"));
        JsonNode port = resolve(container.path("properties").path("ports").path("items"));

        assertThat(containers.path("type").asString()).isEqualTo("array");
        assertThat(container.path("properties").path("name").path("type").asString()).isEqualTo("string");
        assertThat(port.path("properties").path("containerPort").path("format").asString()).isEqualTo("int32");
        assertThat(resolve(pod.path("properties").path("metadata")))
                .isEqualTo(definition("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    }

    @ParameterizedTest
    @CsvSource({
            "io.k8s.api.core.v1.Container, image, string, ''",
            "io.k8s.api.core.v1.Container, tty, boolean, ''",
            "io.k8s.api.apps.v1.DeploymentSpec, replicas, integer, int32",
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, generation, integer, int64",
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, creationTimestamp, string, date-time",
            "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry, time, string, date-time",
            "io.k8s.api.coordination.v1.LeaseSpec, renewTime, string, date-time",
            "io.k8s.api.core.v1.ServicePort, targetPort, string, int-or-string",
            "io.k8s.api.core.v1.ConfigMap, binaryData, object, ''",
            "io.k8s.api.core.v1.ConfigMap, data, object, ''"})
    void fieldTypesFollowTheJavaTypes(String definition, String field, String type, String format) {
        JsonNode schema = definition(definition).path("properties").path(field);

        assertThat(schema.path("type").asString()).as(field).isEqualTo(type);
        assertThat(schema.path("format").asString("")).as(field).isEqualTo(format);
    }

    @Test
    void mapsIntOrStringAndQuantityAreWrittenAsUpstreamDoes() {
        JsonNode labels = definition("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").path("properties")
                .path("labels");
        JsonNode limits = definition("io.k8s.api.core.v1.ResourceRequirements").path("properties").path("limits");
        JsonNode targetPort = definition("io.k8s.api.core.v1.ServicePort").path("properties").path("targetPort");

        assertThat(labels.path("additionalProperties").path("type").asString()).isEqualTo("string");
        assertThat(limits.path("additionalProperties").path("format").asString()).isEqualTo("quantity");
        assertThat(targetPort.path("x-kubernetes-int-or-string").asBoolean()).isTrue();
    }

    @Test
    void classesWithTheirOwnSerializerAreFreeFormBecauseTheirPropertiesAreNotTheWireFormat() {
        ApiKind crds = new ApiKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                "customresourcedefinitions", false, CustomResourceDefinition.class, TestKinds.VERBS, Set.of("status"));
        JsonNode props = new OpenApiDocuments(List.of(crds)).v2().path("definitions")
                .path("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps").path("properties");

        assertThat(props.path("items").path("x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();
        assertThat(props.path("items").has("$ref")).isFalse();
        assertThat(props.path("properties").path("additionalProperties").path("$ref").asString())
                .endsWith(".JSONSchemaProps");
    }

    @Test
    void fabric8CatchAllMapIsNoField() {
        assertThat(definition("io.k8s.api.core.v1.Pod").path("properties").propertyNames())
                .containsExactly("apiVersion", "kind", "metadata", "spec", "status");
    }

    @Test
    void everyRefInTheV2DocumentResolves() {
        Set<String> refs = new TreeSet<>();
        collectRefs(v2, refs);

        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(resolve(ref)).as(ref).isNotNull());
    }

    @Test
    void pathsCarryTheVerbsOfEachKind() {
        JsonNode pods = v2.path("paths").path("/api/v1/namespaces/{namespace}/pods/{name}");
        JsonNode namespaces = v2.path("paths").path("/api/v1/namespaces");
        JsonNode scale = v2.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale");

        assertThat(pods.propertyNames()).contains("get", "put", "patch", "delete");
        assertThat(pods.path("get").path("x-kubernetes-group-version-kind").path("kind").asString()).isEqualTo("Pod");
        assertThat(namespaces.propertyNames()).contains("get", "post").doesNotContain("delete");
        assertThat(v2.path("paths").has("/api/v1/pods")).isTrue();
        assertThat(scale.path("patch").path("x-kubernetes-group-version-kind").path("group").asString())
                .isEqualTo("autoscaling");
    }

    @Test
    void v3IndexListsEachGroupVersionWithAHashedUrl() {
        JsonNode paths = documents.v3Index().path("paths");

        assertThat(paths.propertyNames())
                .containsExactlyInAnyOrder("api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1");
        assertThat(paths.path("apis/apps/v1").path("serverRelativeURL").asString())
                .matches("/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{128}");
    }

    @Test
    void v3DocumentHoldsItsGroupVersionPathsAndEverySchemaTheyReach() {
        ObjectNode apps = documents.v3("apis/apps/v1").orElseThrow();
        Set<String> refs = new TreeSet<>();
        collectRefs(apps, refs);
        JsonNode schemas = apps.path("components").path("schemas");

        assertThat(apps.path("openapi").asString()).startsWith("3.0");
        assertThat(apps.path("paths").propertyNames()).allMatch(path -> path.startsWith("/apis/apps/v1/"));
        assertThat(schemas.has("io.k8s.api.apps.v1.Deployment")).isTrue();
        assertThat(schemas.has("io.k8s.api.core.v1.Container")).isTrue();
        assertThat(schemas.has("io.k8s.api.coordination.v1.Lease")).isFalse();
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref).startsWith("#/components/schemas/");
            assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
        });
    }

    @Test
    void v3PatchOperationsDeclareFieldValidationSoKubectlLeavesValidationToTheServer() {
        List<JsonNode> patches = new ArrayList<>();
        for (String groupVersion : documents.v3Index().path("paths").propertyNames()) {
            documents.v3(groupVersion).orElseThrow().path("paths").forEach(item -> {
                if (item.has("patch")) {
                    patches.add(item.get("patch"));
                }
            });
        }

        assertThat(patches).hasSizeGreaterThan(5).allSatisfy(patch -> {
            assertThat(patch.has("x-kubernetes-group-version-kind")).isTrue();
            assertThat(patch.path("parameters").findValuesAsString("name")).contains("fieldValidation");
            assertThat(patch.path("requestBody").path("content").propertyNames())
                    .doesNotContain("application/strategic-merge-patch+json");
        });
    }

    @Test
    void unknownGroupVersionHasNoV3Document() {
        assertThat(documents.v3("apis/batch/v1")).isEmpty();
        assertThat(documents.v3("apis/apps")).isEmpty();
    }

    @Test
    void hashIsStableAndChangesWithTheDocument() {
        String again = new OpenApiDocuments(TestKinds.ALL).v3Index().path("paths").path("apis/apps/v1")
                .path("serverRelativeURL").asString();
        List<ApiKind> more = new ArrayList<>(TestKinds.ALL);
        more.add(new ApiKind("apps", "v1", "StatefulSet", "statefulsets", true, StatefulSet.class, TestKinds.VERBS,
                Set.of("status", "scale")));
        String changed = new OpenApiDocuments(more).v3Index().path("paths").path("apis/apps/v1")
                .path("serverRelativeURL").asString();
        String first = documents.v3Index().path("paths").path("apis/apps/v1").path("serverRelativeURL").asString();

        assertThat(again).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void accessorsHandOutCopies() {
        documents.v2().putObject("definitions").removeAll();

        assertThat(documents.v2().path("definitions").has("io.k8s.api.core.v1.Pod")).isTrue();
    }

    private JsonNode definition(String name) {
        JsonNode schema = v2.path("definitions").get(name);
        assertThat(schema).as(name).isNotNull();
        return schema;
    }

    private JsonNode resolve(JsonNode refHolder) {
        return resolve(refHolder.path("$ref").asString());
    }

    private JsonNode resolve(String ref) {
        assertThat(ref).startsWith("#/definitions/");
        return v2.path("definitions").get(ref.substring("#/definitions/".length()));
    }

    private static void collectRefs(JsonNode node, Set<String> into) {
        if (node.isObject() && node.has("$ref")) {
            into.add(node.get("$ref").asString());
        }
        node.forEach(child -> collectRefs(child, into));
    }
}
