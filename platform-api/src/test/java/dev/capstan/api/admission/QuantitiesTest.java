package dev.capstan.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({"100m,100m", "1,1", "1500m,1500m", "1Gi,1Gi", "1024Mi,1Gi", "512Mi,512Mi", "0.5,500m", "10,10", "2k,2000"})
    void aQuantityParsesAndFormatsCanonically(String input, String canonical) {
        assertThat(Quantities.format(Quantities.parse(input))).isEqualTo(canonical);
    }
}
