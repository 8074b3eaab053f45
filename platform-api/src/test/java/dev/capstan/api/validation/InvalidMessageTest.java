package dev.capstan.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidMessageTest {

    static Stream<Arguments> fieldErrors() {
        return Stream.of(
                Arguments.of(FieldError.invalid("metadata.name", "Web", "bad"), "metadata.name: Invalid value: \"Web\": bad"),
                Arguments.of(FieldError.invalid("spec.replicas", -1L, "must be greater than or equal to 0"),
                        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
                Arguments.of(FieldError.invalid("x", "a\"b\\c\n\u0001", ""), "x: Invalid value: \"a\\\"b\\\\c\\n\\x01\""),
                Arguments.of(FieldError.invalid("x", List.of("a", "<b>"), "d"), "x: Invalid value: [\"a\",\"\\u003cb\\u003e\"]: d"),
                Arguments.of(FieldError.required("spec.containers", ""), "spec.containers: Required value"),
                Arguments.of(FieldError.forbidden("spec.x", "not allowed"), "spec.x: Forbidden: not allowed"),
                Arguments.of(FieldError.tooLong("metadata.annotations", 262144),
                        "metadata.annotations: Too long: may not be more than 262144 bytes"),
                Arguments.of(FieldError.notSupported("spec.restartPolicy", "Sometimes", List.of("Always", "Never")),
                        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\""),
                Arguments.of(FieldError.duplicate("spec.ports[1].name", "http"), "spec.ports[1].name: Duplicate value: \"http\""));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("fieldErrors")
    void fieldErrorPrintsAsUpstream(FieldError error, String expected) {
        assertThat(error.fullMessage()).isEqualTo(expected);
    }

    @Test
    void singleErrorIsListedWithoutBrackets() {
        assertThat(InvalidMessage.of("", "Pod", "Web", List.of(FieldError.invalid("metadata.name", "Web", "bad"))))
                .isEqualTo("Pod \"Web\" is invalid: metadata.name: Invalid value: \"Web\": bad");
    }

    @Test
    void severalErrorsAreBracketedAndGroupQualifiesTheKind() {
        List<FieldError> errors = List.of(
                FieldError.required("spec.selector", ""),
                FieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0"));
        assertThat(InvalidMessage.of("apps", "Deployment", "web", errors)).isEqualTo(
                "Deployment.apps \"web\" is invalid: [spec.selector: Required value, "
                        + "spec.replicas: Invalid value: -1: must be greater than or equal to 0]");
    }

    @Test
    void identicalErrorsAreListedOnce() {
        FieldError e = FieldError.required("spec.selector", "");
        assertThat(InvalidMessage.of("apps", "Deployment", "web", List.of(e, e)))
                .isEqualTo("Deployment.apps \"web\" is invalid: spec.selector: Required value");
    }

    @Test
    void noErrorsEndTheMessageAfterIsInvalid() {
        assertThat(InvalidMessage.of("", "Pod", "p", List.of())).isEqualTo("Pod \"p\" is invalid");
    }
}
