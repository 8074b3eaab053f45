package dev.capstan.node.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from upstream's expansion tests (third_party/forked/golang/expansion). */
class VariableExpansionTest {

    private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_EMPTY", "");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$(VAR_A)|A",
            "___$(VAR_A)___|___A___",
            "$(VAR_A)-$(VAR_B)|A-B",
            "$(VAR_EMPTY)|''",
            "$(UNDEFINED)|$(UNDEFINED)",
            "$$(VAR_A)|$(VAR_A)",
            "$$$$(VAR_A)|$$(VAR_A)",
            "$(VAR_A|$(VAR_A",
            "plain|plain",
            "$|$",
            "trailing $|trailing $",
            "$VAR_A|$VAR_A"})
    void expandsReferencesAsUpstream(String input, String expected) {
        assertThat(VariableExpansion.expand(input, VARS)).isEqualTo(expected);
    }
}
