package dev.capstan.scheduling.plugins.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream's LabelSelectorAsSelector semantics, which every term and constraint relies on. */
class LabelSelectorMatcherTest {

    static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator).withValues(values)
                .endMatchExpression().build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a null selector matches nothing", null, Map.of("a", "b"), false),
                Arguments.of("an empty selector matches everything", new LabelSelectorBuilder().build(), Map.of(), true),
                Arguments.of("matchLabels needs the exact value", new LabelSelectorBuilder().addToMatchLabels("a", "b").build(),
                        Map.of("a", "c"), false),
                Arguments.of("In matches a listed value", expression("a", "In", "b", "c"), Map.of("a", "c"), true),
                Arguments.of("In does not match a missing key", expression("a", "In", "b"), Map.of(), false),
                Arguments.of("NotIn matches a missing key", expression("a", "NotIn", "b"), Map.of(), true),
                Arguments.of("NotIn rejects a listed value", expression("a", "NotIn", "b"), Map.of("a", "b"), false),
                Arguments.of("Exists needs the key", expression("a", "Exists"), Map.of("a", ""), true),
                Arguments.of("DoesNotExist rejects the key", expression("a", "DoesNotExist"), Map.of("a", ""), false),
                Arguments.of("matchLabels and expressions are ANDed",
                        new LabelSelectorBuilder().addToMatchLabels("a", "b").addNewMatchExpression().withKey("c")
                                .withOperator("Exists").endMatchExpression().build(), Map.of("a", "b"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAsUpstream(String name, LabelSelector selector, Map<String, String> labels, boolean expected) {
        assertThat(LabelSelectorMatcher.of(selector).matches(labels)).isEqualTo(expected);
    }

    @Test
    void rejectsInvalidValuesOperatorsAndValueCounts() {
        assertThatThrownBy(() -> LabelSelectorMatcher.of(expression("a", "In", "{{.bad-value.}}")))
                .hasMessageStartingWith("values[0][a]: Invalid value: \"{{.bad-value.}}\"");
        assertThatThrownBy(() -> LabelSelectorMatcher.of(expression("a", "Near", "b")))
                .hasMessageContaining("is not a valid label selector operator");
        assertThatThrownBy(() -> LabelSelectorMatcher.of(expression("a", "In"))).hasMessageContaining("can't be empty");
        assertThatThrownBy(() -> LabelSelectorMatcher.of(expression("a", "Exists", "b"))).hasMessageContaining("must be empty");
        assertThatThrownBy(() -> LabelSelectorMatcher.of(expression("-bad-", "Exists"))).hasMessageContaining("key");
    }
}
