package dev.capstan.api.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FieldSelectorsTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final JsonNode POD = MAPPER.readTree("""
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"web-1","namespace":"shop"},
             "spec":{"nodeName":"node-a","restartPolicy":"Always","schedulerName":"default-scheduler",
                     "serviceAccountName":"default"},
             "status":{"phase":"Running","podIP":"10.0.0.7","podIPs":[{"ip":"10.0.0.7"},{"ip":"fd00::7"}]}}
            """);

    private static final JsonNode EVENT = MAPPER.readTree("""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"web-1.17a","namespace":"shop"},
             "involvedObject":{"kind":"Pod","namespace":"shop","name":"web-1","uid":"u-1","apiVersion":"v1",
                               "resourceVersion":"42","fieldPath":"spec.containers{app}"},
             "reason":"Started","type":"Normal","reportingComponent":"kubelet"}
            """);

    private static Function<String, String> reader(String group, String kind, JsonNode object) {
        return FieldSelectors.reader(group, kind, object).orElseThrow();
    }

    @ParameterizedTest(name = "[{index}] {0} = ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "metadata.name|web-1",
        "metadata.namespace|shop",
        "spec.nodeName|node-a",
        "spec.host|node-a",
        "spec.restartPolicy|Always",
        "spec.schedulerName|default-scheduler",
        "spec.serviceAccountName|default",
        "spec.hostNetwork|false",
        "status.phase|Running",
        "status.podIP|10.0.0.7",
        "status.podIPs|''",
        "status.nominatedNodeName|''",
    })
    void podFieldsReadAsUpstreamRendersThem(String field, String expected) {
        assertThat(reader("", "Pod", POD).apply(field)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} = ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "involvedObject.kind|Pod",
        "involvedObject.namespace|shop",
        "involvedObject.name|web-1",
        "involvedObject.uid|u-1",
        "involvedObject.apiVersion|v1",
        "involvedObject.resourceVersion|42",
        "involvedObject.fieldPath|spec.containers{app}",
        "reason|Started",
        "reportingComponent|kubelet",
        "source|kubelet",
        "type|Normal",
        "metadata.name|web-1.17a",
    })
    void eventFieldsReadAsUpstreamRendersThem(String field, String expected) {
        assertThat(reader("", "Event", EVENT).apply(field)).isEqualTo(expected);
    }

    @Test
    void eventSourcePrefersTheSourceComponent() {
        JsonNode event = MAPPER.readTree("{\"source\":{\"component\":\"scheduler\"},\"reportingComponent\":\"kubelet\"}");
        assertThat(reader("", "Event", event).apply("source")).isEqualTo("scheduler");
    }

    @Test
    void podSelectorSelectsThroughTheReader() {
        FieldSelector selector = FieldSelector.parse("spec.nodeName=node-a,status.phase!=Failed,spec.hostNetwork=false");
        FieldSelectors.requireSupported("", "Pod", selector);
        assertThat(selector.matches(reader("", "Pod", POD))).isTrue();
        assertThat(FieldSelector.parse("spec.nodeName=node-b").matches(reader("", "Pod", POD))).isFalse();
    }

    @Test
    void podWithOnlyPodIPsReadsTheFirstAsPodIP() {
        JsonNode pod = MAPPER.readTree("{\"status\":{\"podIPs\":[{\"ip\":\"10.1.1.1\"}]},\"spec\":{\"hostNetwork\":true}}");
        assertThat(reader("", "Pod", pod).apply("status.podIP")).isEqualTo("10.1.1.1");
        assertThat(reader("", "Pod", pod).apply("spec.hostNetwork")).isEqualTo("true");
    }

    @Test
    void eventsGroupEventUsesRegardingFieldNames() {
        JsonNode event = MAPPER.readTree("{\"regarding\":{\"kind\":\"Pod\",\"name\":\"web-1\"},"
                + "\"reportingController\":\"kubelet\",\"reason\":\"Started\"}");
        Function<String, String> read = reader("events.k8s.io", "Event", event);
        assertThat(read.apply("regarding.kind")).isEqualTo("Pod");
        assertThat(read.apply("source")).isEqualTo("kubelet");
        assertThat(FieldSelectors.supportedFields("events.k8s.io", "Event")).doesNotContain("involvedObject.kind");
    }

    @ParameterizedTest(name = "[{index}] {0}/{1} {2}")
    @CsvSource(delimiter = '|', value = {
        "''|Pod|spec.containers|field label not supported: spec.containers",
        "''|Node|metadata.namespace|field label not supported: metadata.namespace",
        "''|Event|regarding.kind|field label not supported: regarding.kind",
        "batch|Job|status.active|field label \"status.active\" not supported for batchv1.Job",
        "apps|ReplicaSet|status.replicas|\"status.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
        "''|ConfigMap|data.x|\"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
    })
    void unsupportedFieldIsRejectedInTheKindsOwnWording(String group, String kind, String field, String message) {
        FieldSelector selector = FieldSelector.parse("metadata.name=a," + field + "=x");
        assertThat(FieldSelectors.unsupported(group, kind, selector)).contains(message);
        assertThatThrownBy(() -> FieldSelectors.requireSupported(group, kind, selector))
                .isInstanceOf(SelectorException.class).hasMessage(message);
    }

    @Test
    void countsAndDefaultsReadAsText() {
        assertThat(reader("batch", "Job", MAPPER.readTree("{\"status\":{\"succeeded\":3}}")).apply("status.successful"))
                .isEqualTo("3");
        assertThat(reader("", "ReplicationController", MAPPER.readTree("{}")).apply("status.replicas")).isEqualTo("0");
        assertThat(reader("", "Node", MAPPER.readTree("{\"spec\":{\"unschedulable\":true}}")).apply("spec.unschedulable"))
                .isEqualTo("true");
    }

    @Test
    void nonObjectHasNoReader() {
        assertThat(FieldSelectors.reader("", "Pod", MAPPER.readTree("[]"))).isEmpty();
    }
}
