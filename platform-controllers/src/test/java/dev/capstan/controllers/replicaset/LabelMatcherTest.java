package dev.capstan.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelMatcherTest {

    private static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator).withValues(values)
                .endMatchExpression().build();
    }

    static Stream<Arguments> selectors() {
        Map<String, String> labels = Map.of("app", "web", "tier", "front");
        return Stream.of(
                Arguments.of("matchLabels all present", new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build(), labels, true),
                Arguments.of("matchLabels with a different value", new LabelSelectorBuilder().withMatchLabels(Map.of("app", "db")).build(), labels, false),
                Arguments.of("In with the value", expression("tier", "In", "front", "back"), labels, true),
                Arguments.of("In without the label", expression("zone", "In", "a"), labels, false),
                Arguments.of("NotIn without the label", expression("zone", "NotIn", "a"), labels, true),
                Arguments.of("NotIn with the value", expression("tier", "NotIn", "front"), labels, false),
                Arguments.of("Exists", expression("app", "Exists"), labels, true),
                Arguments.of("DoesNotExist", expression("app", "DoesNotExist"), labels, false),
                Arguments.of("an empty selector matches nothing", new LabelSelector(), labels, false),
                Arguments.of("a null selector matches nothing", null, labels, false));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("selectors")
    void matchesLabelsAsUpstream(String why, LabelSelector selector, Map<String, String> labels, boolean matches) {
        assertThat(LabelMatcher.of(selector).matches(labels)).isEqualTo(matches);
    }
}
