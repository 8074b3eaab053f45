package dev.capstan.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompletionIndexesTest {

    @ParameterizedTest(name = "indexes [{0}] are written \"{1}\"")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "           | null",
            "0          | 0",
            "0 1 2      | 0-2",
            "1 3 4 5 7  | 1,3-5,7",
            "0 2 4      | 0,2,4"})
    void formatsIntervals(String indexes, String formatted) {
        TreeSet<Integer> set = indexes == null ? new TreeSet<>()
                : Arrays.stream(indexes.trim().split(" ")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
        assertThat(CompletionIndexes.format(set)).isEqualTo(formatted);
        if (formatted != null) {
            assertThat(CompletionIndexes.parse(formatted, 100)).isEqualTo(set);
        }
    }

    @ParameterizedTest(name = "\"{0}\" with {1} completions reads as {2}")
    @CsvSource(delimiter = '|', value = {"0-9 | 3 | [0, 1, 2]", "1,x,3 | 5 | [1, 3]", "'' | 5 | []"})
    void parsingDropsOutOfRangeAndUnreadableIndexes(String intervals, int completions, String expected) {
        assertThat(CompletionIndexes.parse(intervals, completions).toString()).isEqualTo(expected);
    }
}
