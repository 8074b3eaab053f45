package dev.capstan.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorsTest {

    @ParameterizedTest(name = "{0} {1} [{2}] against tier={3} matches {4}")
    @CsvSource(nullValues = "-", value = {
        "tier, In, 'front,back', front, true",
        "tier, In, 'front', back, false",
        "tier, NotIn, 'front', back, true",
        "tier, NotIn, 'front', -, true",
        "tier, Exists, '', front, true",
        "tier, Exists, '', -, false",
        "tier, DoesNotExist, '', -, true",
    })
    void expressionsMatchAsUpstream(String key, String operator, String values, String tier, boolean matches) {
        LabelSelector selector = new LabelSelectorBuilder().addToMatchLabels("app", "web").addNewMatchExpression()
                .withKey(key).withOperator(operator).withValues(values.isEmpty() ? new String[0] : values.split(","))
                .endMatchExpression().build();
        Map<String, String> labels = tier == null ? Map.of("app", "web") : Map.of("app", "web", "tier", tier);
        assertThat(LabelSelectors.matches(selector, labels)).isEqualTo(matches);
    }

    @Test
    void anEmptySelectorSelectsNothing() {
        assertThat(LabelSelectors.matches(new LabelSelector(), Map.of("app", "web"))).isFalse();
        assertThat(LabelSelectors.isEmpty(new LabelSelector())).isTrue();
    }
}
