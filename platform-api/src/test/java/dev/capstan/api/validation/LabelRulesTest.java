package dev.capstan.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelRulesTest {

    static final String NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must "
            + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
            + "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    static final String VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', "
            + "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
            + "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("app", List.of()),
                Arguments.of("App_1.x-y", List.of()),
                Arguments.of("example.com/app", List.of()),
                Arguments.of("k".repeat(63), List.of()),
                Arguments.of("k".repeat(64), List.of("name part must be no more than 63 bytes")),
                Arguments.of("", List.of("name part must be non-empty", NAME_PART)),
                Arguments.of("example.com/", List.of("name part must be non-empty", NAME_PART)),
                Arguments.of("/app", List.of("prefix part must be non-empty")),
                Arguments.of("Example.com/app", List.of("prefix part " + NameRulesTest.SUBDOMAIN_MSG)),
                Arguments.of("-app", List.of(NAME_PART)),
                Arguments.of("a/b/c", List.of("a valid label key must consist of alphanumeric characters, '-', '_' "
                        + "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
                        + "'my.name',  or '123-abc', regex used for validation is "
                        + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' "
                        + "(e.g. 'example.com/MyName')")));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("keys")
    void labelKeyRuleMatchesUpstream(String key, List<String> expected) {
        assertThat(LabelRules.isQualifiedName(key)).isEqualTo(expected);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("", List.of()),
                Arguments.of("v1.2_beta-3", List.of()),
                Arguments.of("v".repeat(63), List.of()),
                Arguments.of("v".repeat(64), List.of("must be no more than 63 bytes")),
                Arguments.of("-v".repeat(32), List.of("must be no more than 63 bytes", VALUE)),
                Arguments.of("a b", List.of(VALUE)),
                Arguments.of("v.", List.of(VALUE)));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("values")
    void labelValueRuleMatchesUpstream(String value, List<String> expected) {
        assertThat(LabelRules.isLabelValue(value)).isEqualTo(expected);
    }
}
