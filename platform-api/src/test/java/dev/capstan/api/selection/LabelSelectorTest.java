package dev.capstan.api.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LabelSelectorTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** "a=1;b=2" as a label map; "-" for no labels. */
    private static Map<String, String> labels(String spec) {
        Map<String, String> m = new HashMap<>();
        if (!spec.equals("-")) {
            Arrays.stream(spec.split(";")).forEach(kv -> {
                String[] p = kv.split("=", -1);
                m.put(p[0], p[1]);
            });
        }
        return m;
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "''|-|true",
        "'   '|x=1|true",
        "x=a|x=a|true",
        "x=a|x=b|false",
        "x=a|-|false",
        "x==a|x=a|true",
        "x!=a|x=b|true",
        "x!=a|-|true",
        "x!=a|x=a|false",
        "x|x=|true",
        "x|y=1|false",
        "!x|y=1|true",
        "!x|x=1|false",
        "x in (a,b)|x=b|true",
        "x in (a,b)|x=c|false",
        "x in (a,b)|-|false",
        "x notin (a,b)|x=c|true",
        "x notin (a,b)|-|true",
        "x notin (a,b)|x=a|false",
        "x in ()|x=|true",
        "x in (,a)|x=|true",
        "x in (a,)|x=|true",
        "x in (a,,b)|x=|true",
        "x in (in,notin)|x=notin|true",
        "x=in|x=in|true",
        "in=notin|in=notin|true",
        "x=|x=|true",
        "x=,y=1|x=;y=1|true",
        "x=a,y!=b|x=a;y=b|false",
        "x=a,y!=b|x=a;y=c|true",
        "' x = a , y '|x=a;y=1|true",
        "'x\tin\t(a)'|x=a|true",
        "'x\n=\ra'|x=a|true",
        "x>1|x=2|true",
        "x>1|x=1|false",
        "x<1|x=0|true",
        "x<1|x=abc|false",
        "x>1|-|false",
        "example.com/app=web|example.com/app=web|true",
    })
    void parsedSelectorMatchesAsUpstream(String expression, String labels, boolean expected) {
        assertThat(LabelSelector.parse(expression).matches(labels(labels))).isEqualTo(expected);
    }

    static Stream<Arguments> malformedSelectors() {
        return Stream.of(
                Arguments.of("x=a,", "found '', expected: identifier after ','"),
                Arguments.of("x=a y", "found 'y', expected: ',' or 'end of string'"),
                Arguments.of(",x", "found ',', expected: !, identifier, or 'end of string'"),
                Arguments.of("=a", "found '=', expected: !, identifier, or 'end of string'"),
                Arguments.of("x y", "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"),
                Arguments.of("x in a", "unable to parse requirement: found 'a' expected: '('"),
                Arguments.of("x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"),
                Arguments.of("x in (a", "unable to parse requirement: found '', expected: ',' or ')'"),
                Arguments.of("x in (", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
                Arguments.of("x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
                Arguments.of("x=(a)", "unable to parse requirement: found '(', expected: identifier"),
                Arguments.of("!", "unable to parse requirement: found '', expected: identifier"),
                Arguments.of("!=a", "found '!=', expected: !, identifier, or 'end of string'"),
                Arguments.of("!x=a", "found '=', expected: ',' or 'end of string'"),
                Arguments.of("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"),
                Arguments.of("x=a@b", "unable to parse requirement: values[0][x]: Invalid value: \"a@b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
                Arguments.of("-x", "unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
                Arguments.of("/x", "unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty"));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("malformedSelectors")
    void malformedSelectorIsRejectedWithUpstreamsMessage(String expression, String message) {
        assertThatThrownBy(() -> LabelSelector.parse(expression))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    @Test
    void labelValueOfSixtyFourCharactersIsRejectedAndSixtyThreeAccepted() {
        String ok = "a".repeat(63);
        assertThat(LabelSelector.parse("x=" + ok).matches(Map.of("x", ok))).isTrue();
        assertThatThrownBy(() -> LabelSelector.parse("x=" + ok + "a"))
                .hasMessageStartingWith("unable to parse requirement: values[0][x]: Invalid value: \"" + ok + "a\": "
                        + "must be no more than 63 bytes");
    }

    @Test
    void emptyExpressionIsEmptyAndSelectsEverything() {
        assertThat(LabelSelector.parse("").isEmpty()).isTrue();
        assertThat(LabelSelector.parse("x").isEmpty()).isFalse();
    }

    @Test
    void selectorPrintsCanonicallySortedByKey() {
        assertThat(LabelSelector.parse("z notin (b,a), !y, x == 1, w, v in (c,a,c)"))
                .hasToString("v in (a,c),w,x==1,!y,z notin (a,b)");
    }

    @ParameterizedTest(name = "[{index}] {0} on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "{}|x=1|true",
        "{\"matchLabels\":{\"app\":\"web\"}}|app=web;tier=fe|true",
        "{\"matchLabels\":{\"app\":\"web\"}}|app=db|false",
        "{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"fe\",\"be\"]}]}|tier=be|true",
        "{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"NotIn\",\"values\":[\"fe\"]}]}|-|true",
        "{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"Exists\"}]}|tier=|true",
        "{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"DoesNotExist\"}]}|tier=x|false",
        "{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"Exists\"}]}|app=web|false",
    })
    void jsonSelectorMatchesAsWorkloadSelectorsDo(String json, String labels, boolean expected) {
        assertThat(LabelSelector.fromJson(MAPPER.readTree(json)).matches(labels(labels))).isEqualTo(expected);
    }

    @Test
    void absentJsonSelectorSelectsNothing() {
        LabelSelector nothing = LabelSelector.fromJson(null);
        assertThat(nothing.matches(Map.of())).isFalse();
        assertThat(nothing.isEmpty()).isFalse();
        assertThat(LabelSelector.fromJson(MAPPER.readTree("{}")).isEmpty()).isTrue();
    }

    static Stream<Arguments> invalidJsonSelectors() {
        return Stream.of(
                Arguments.of("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}",
                        "\"Gt\" is not a valid label selector operator"),
                Arguments.of("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[]}]}",
                        "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
                Arguments.of("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\"]}]}",
                        "values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist"),
                Arguments.of("{\"matchLabels\":{\"a b\":\"x\"}}",
                        "key: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidJsonSelectors")
    void invalidJsonSelectorIsRejectedWithUpstreamsMessage(String json, String message) {
        JsonNode node = MAPPER.readTree(json);
        assertThatThrownBy(() -> LabelSelector.fromJson(node)).isInstanceOf(SelectorException.class).hasMessage(message);
    }
}
