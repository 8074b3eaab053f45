package dev.capstan.api.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {

    static Stream<Arguments> selections() {
        Map<String, String> pod = Map.of("metadata.name", "web-1", "status.phase", "Running",
                "spec.nodeName", "", "odd", "a,b=c\\d");
        return Stream.of(
                Arguments.of("", pod, true),
                Arguments.of("metadata.name=web-1", pod, true),
                Arguments.of("metadata.name==web-1", pod, true),
                Arguments.of("metadata.name!=web-1", pod, false),
                Arguments.of("metadata.name=web-2", pod, false),
                Arguments.of("status.phase=Running,metadata.name=web-1", pod, true),
                Arguments.of("status.phase!=Running,metadata.name=web-1", pod, false),
                Arguments.of("spec.nodeName=", pod, true),
                Arguments.of("unknown=", pod, true),
                Arguments.of("unknown!=x", pod, true),
                Arguments.of("odd=a\\,b\\=c\\\\d", pod, true),
                Arguments.of("odd=a\\,b", pod, false),
                Arguments.of(",,metadata.name=web-1,", pod, true),
                // Whitespace is data in field selectors, unlike label selectors.
                Arguments.of("metadata.name = web-1", pod, false));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {2}")
    @MethodSource("selections")
    void selectorMatchesAsUpstream(String expression, Map<String, String> fields, boolean expected) {
        assertThat(FieldSelector.parse(expression).matches(fields::get)).isEqualTo(expected);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
                Arguments.of("a=1,b", "invalid selector: 'a=1,b'; can't understand 'b'"),
                Arguments.of("a=b=c", "invalid field selector: unescaped character in value: 61"),
                Arguments.of("a===b", "invalid field selector: unescaped character in value: 61"),
                Arguments.of("a=b\\!", "invalid field selector: invalid escape sequence: \\!"),
                Arguments.of("a=b\\", "invalid field selector: invalid escape sequence: \\"));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("malformed")
    void malformedSelectorIsRejectedWithUpstreamsMessage(String expression, String message) {
        assertThatThrownBy(() -> FieldSelector.parse(expression))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    @Test
    void fieldsAreListedInUpstreamsSortedTermOrder() {
        assertThat(FieldSelector.parse("status.phase=Running,metadata.name=a,spec.x!=1").fields())
                .containsExactly("metadata.name", "spec.x", "status.phase");
    }

    @Test
    void termWithNeitherFieldNorValueSelectsEverything() {
        assertThat(FieldSelector.parse("=").isEmpty()).isTrue();
        assertThat(FieldSelector.parse("=x").fields()).containsExactly("");
    }

    @Test
    void exactMatchIsReportedOnlyForEquality() {
        FieldSelector s = FieldSelector.parse("metadata.name=web,status.phase!=Failed");
        assertThat(s.requiresExactMatch("metadata.name")).contains("web");
        assertThat(s.requiresExactMatch("status.phase")).isEmpty();
    }

    @Test
    void selectorPrintsWithValuesEscaped() {
        assertThat(FieldSelector.parse("b!=x\\,y,a==1")).hasToString("a=1,b!=x\\,y");
    }
}
