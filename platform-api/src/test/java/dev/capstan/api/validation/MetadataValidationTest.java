package dev.capstan.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class MetadataValidationTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static JsonNode json(String s) {
        return MAPPER.readTree(s);
    }

    private static List<String> messages(List<FieldError> errors) {
        return errors.stream().map(FieldError::fullMessage).toList();
    }

    @Test
    void validNamespacedMetadataHasNoErrors() {
        JsonNode meta = json("""
                {"name":"web-1","namespace":"shop","labels":{"app":"web","example.com/tier":""},
                 "annotations":{"Example.com/Note":"anything at all"},"finalizers":["example.com/cleanup"],
                 "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"u1","controller":true}]}
                """);
        assertThat(MetadataValidation.validate(meta, NameRule.DNS1123_SUBDOMAIN, true)).isEmpty();
    }

    static Stream<Arguments> invalidMetadata() {
        return Stream.of(
                Arguments.of("{\"namespace\":\"shop\"}", NameRule.DNS1123_SUBDOMAIN, true,
                        List.of("metadata.name: Required value: name or generateName is required")),
                Arguments.of("{\"generateName\":\"web-\",\"namespace\":\"shop\"}", NameRule.DNS1123_SUBDOMAIN, true,
                        List.of()),
                Arguments.of("{\"generateName\":\"Web-\",\"namespace\":\"shop\"}", NameRule.DNS1123_SUBDOMAIN, true,
                        List.of("metadata.generateName: Invalid value: \"Web-\": " + NameRulesTest.SUBDOMAIN_MSG)),
                Arguments.of("{\"name\":\"Web\",\"namespace\":\"shop\"}", NameRule.DNS1123_SUBDOMAIN, true,
                        List.of("metadata.name: Invalid value: \"Web\": " + NameRulesTest.SUBDOMAIN_MSG)),
                Arguments.of("{\"name\":\"a.b\"}", NameRule.DNS1123_LABEL, false,
                        List.of("metadata.name: Invalid value: \"a.b\": must not contain dots")),
                Arguments.of("{\"name\":\"a/b\"}", NameRule.PATH_SEGMENT, false,
                        List.of("metadata.name: Invalid value: \"a/b\": may not contain '/'")),
                Arguments.of("{\"name\":\"web\"}", NameRule.DNS1123_SUBDOMAIN, true,
                        List.of("metadata.namespace: Required value")),
                Arguments.of("{\"name\":\"web\",\"namespace\":\"Shop\"}", NameRule.DNS1123_SUBDOMAIN, true,
                        List.of("metadata.namespace: Invalid value: \"Shop\": " + NameRulesTest.LABEL_MSG)),
                Arguments.of("{\"name\":\"node-1\",\"namespace\":\"shop\"}", NameRule.DNS1123_SUBDOMAIN, false,
                        List.of("metadata.namespace: Forbidden: not allowed on this type")),
                Arguments.of("{\"name\":\"n\",\"generation\":-1}", NameRule.DNS1123_SUBDOMAIN, false,
                        List.of("metadata.generation: Invalid value: -1: must be greater than or equal to 0")),
                Arguments.of("{\"name\":\"n\",\"labels\":{\"-a\":\"b c\"}}", NameRule.DNS1123_SUBDOMAIN, false,
                        List.of("metadata.labels: Invalid value: \"-a\": " + LabelRulesTest.NAME_PART,
                                "metadata.labels: Invalid value: \"b c\": " + LabelRulesTest.VALUE)),
                Arguments.of("{\"name\":\"n\",\"annotations\":{\"a/b/c\":\"\"}}", NameRule.DNS1123_SUBDOMAIN, false,
                        List.of("metadata.annotations: Invalid value: \"a/b/c\": a valid label key must consist of "
                                + "alphanumeric characters, '-', '_' or '.', and must start and end with an "
                                + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                                + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
                                + "subdomain prefix and '/' (e.g. 'example.com/MyName')")),
                Arguments.of("{\"name\":\"n\",\"finalizers\":[\"orphan\",\"foregroundDeletion\",\"bad/\"]}",
                        NameRule.DNS1123_SUBDOMAIN, false,
                        List.of("metadata.finalizers: Invalid value: \"bad/\": name part must be non-empty",
                                "metadata.finalizers: Invalid value: \"bad/\": " + LabelRulesTest.NAME_PART,
                                "metadata.finalizers: Invalid value: [\"orphan\",\"foregroundDeletion\",\"bad/\"]: "
                                        + "finalizer orphan and foregroundDeletion cannot be both set")),
                Arguments.of("{\"name\":\"n\",\"ownerReferences\":[{\"apiVersion\":\"a/b/c\"},"
                                + "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"name\":\"e\",\"uid\":\"u\"}]}",
                        NameRule.DNS1123_SUBDOMAIN, false,
                        List.of("metadata.ownerReferences[0].apiVersion: Invalid value: \"a/b/c\": must be "
                                        + "<group>/<version> or <version>",
                                "metadata.ownerReferences[0].kind: Required value: must not be empty",
                                "metadata.ownerReferences[0].name: Required value: must not be empty",
                                "metadata.ownerReferences[0].uid: Required value: must not be empty",
                                "metadata.ownerReferences[1]: Invalid value: {\"apiVersion\":\"v1\",\"kind\":\"Event\","
                                        + "\"name\":\"e\",\"uid\":\"u\"}: /v1, Kind=Event is disallowed from being an owner")),
                Arguments.of("{\"name\":\"n\",\"ownerReferences\":["
                                + "{\"apiVersion\":\"v1\",\"kind\":\"A\",\"name\":\"a\",\"uid\":\"1\",\"controller\":true},"
                                + "{\"apiVersion\":\"v1\",\"kind\":\"B\",\"name\":\"b\",\"uid\":\"2\",\"controller\":true}]}",
                        NameRule.DNS1123_SUBDOMAIN, false,
                        List.of("metadata.ownerReferences: Invalid value: [{\"apiVersion\":\"v1\",\"kind\":\"A\","
                                + "\"name\":\"a\",\"uid\":\"1\",\"controller\":true},{\"apiVersion\":\"v1\",\"kind\":\"B\","
                                + "\"name\":\"b\",\"uid\":\"2\",\"controller\":true}]: Only one reference can have "
                                + "Controller set to true. Found \"true\" in references for A/a and B/b")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidMetadata")
    void metadataErrorsMatchUpstream(String metadata, NameRule rule, boolean namespaced, List<String> expected) {
        assertThat(messages(MetadataValidation.validate(json(metadata), rule, namespaced))).isEqualTo(expected);
    }

    @Test
    void nameAtTheSubdomainLimitIsAcceptedAndOneMoreRejected() {
        String name = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertThat(name).hasSize(253);
        ObjectNode meta = (ObjectNode) json("{\"namespace\":\"ns\"}");
        meta.put("name", name);
        assertThat(MetadataValidation.validate(meta, NameRule.DNS1123_SUBDOMAIN, true)).isEmpty();
        meta.put("name", name + "d");
        assertThat(MetadataValidation.validate(meta, NameRule.DNS1123_SUBDOMAIN, true))
                .extracting(FieldError::message).containsExactly("must be no more than 253 bytes");
    }

    @Test
    void annotationsOverTheTotalSizeAreTooLong() {
        ObjectNode meta = (ObjectNode) json("{\"name\":\"n\",\"annotations\":{}}");
        ((ObjectNode) meta.get("annotations")).put("k", "v".repeat(256 * 1024 - 1));
        assertThat(MetadataValidation.validate(meta, NameRule.DNS1123_SUBDOMAIN, false)).isEmpty();
        ((ObjectNode) meta.get("annotations")).put("k", "v".repeat(256 * 1024));
        List<FieldError> errors = MetadataValidation.validate(meta, NameRule.DNS1123_SUBDOMAIN, false);
        assertThat(messages(errors)).containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
        assertThat(errors.get(0).type()).isEqualTo(FieldError.TOO_LONG);
    }

    @Test
    void updateRejectsChangedImmutableFieldsAndNewFinalizersDuringDeletion() {
        JsonNode old = json("{\"name\":\"a\",\"namespace\":\"ns\",\"uid\":\"1\",\"generation\":3,"
                + "\"deletionTimestamp\":\"2024-01-01T00:00:00Z\",\"finalizers\":[\"x.io/a\"]}");
        JsonNode now = json("{\"name\":\"b\",\"namespace\":\"ns\",\"uid\":\"1\",\"generation\":2,"
                + "\"deletionTimestamp\":\"2024-01-01T00:00:00Z\",\"finalizers\":[\"x.io/a\",\"x.io/b\"]}");
        assertThat(messages(MetadataValidation.validateUpdate(now, old))).containsExactly(
                "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, "
                        + "found new finalizers []string{\"x.io/b\"}",
                "metadata.generation: Invalid value: 2: must not be decremented",
                "metadata.name: Invalid value: \"b\": field is immutable");
    }
}
