package dev.capstan.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "-PT2S, <invalid>",
        "-PT1.999999999S, 0s",
        "PT0S, 0s",
        "PT0.999S, 0s",
        "PT1S, 1s",
        "PT5S, 5s",
        "PT70S, 70s",
        "PT1M59.999S, 119s",
        "PT2M, 2m",
        "PT2M1S, 2m1s",
        "PT3M12S, 3m12s",
        "PT9M59.999S, 9m59s",
        "PT10M, 10m",
        "PT10M1S, 10m",
        "PT70M, 70m",
        "PT2H59M59.999S, 179m",
        "PT3H, 3h",
        "PT3H1M, 3h1m",
        "PT7H59M59.999S, 7h59m",
        "PT8H, 8h",
        "PT8H59M, 8h",
        "PT47H, 47h",
        "PT48H, 2d",
        "PT49H, 2d1h",
        "PT51H, 2d3h",
        "PT191H59M59.999S, 7d23h",
        "PT192H, 8d",
        "PT194H, 8d",
        "PT1080H, 45d",
        "PT8808H, 367d",
        "PT17519H59M59.999S, 729d",
        "PT17520H, 2y",
        "PT17543H59M, 2y",
        "PT17544H, 2y1d",
        "PT26280H, 3y",
        "PT70079H59M59.999S, 7y364d",
        "PT70080H, 8y",
        "PT78840H, 9y",
    })
    void formatsLikeUpstreamHumanDuration(String iso, String expected) {
        assertThat(HumanDuration.format(Duration.parse(iso))).isEqualTo(expected);
    }
}
