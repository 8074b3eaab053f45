package dev.capstan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTextTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "241664, 241664",
            "0.008540091, 0.008540091",
            "14502.948695441, 14502.948695441",
            "1795572324.2864158, 1795572324.2864158",
            "1.0E-9, 0.000000001",
            "1.5E18, 1500000000000000000"})
    void valuesAreWrittenAsPlainDecimals(double value, String written) {
        assertThat(PrometheusText.format(value)).isEqualTo(written);
    }

    @Test
    void familiesComeInNameOrderWithHelpAndTypeAndSamplesSortedByLabels() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("container", "b");
        b.put("pod", "p\"1\\\n");
        String text = new PrometheusText()
                .family("z_total", "counter", "Last family.")
                .family("a_bytes", "gauge", "First family,\nwith a newline.")
                .family("m_unused", "gauge", "Has no samples.")
                .sample("z_total", Map.of(), 1.5, 1700000000123L)
                .sample("a_bytes", b, 2, null)
                .sample("a_bytes", Map.of("container", "a"), 3, 1700000000123L)
                .render();
        assertThat(text).isEqualTo("""
                # HELP a_bytes First family,\\nwith a newline.
                # TYPE a_bytes gauge
                a_bytes{container="a"} 3 1700000000123
                a_bytes{container="b",pod="p\\"1\\\\\\n"} 2
                # HELP z_total Last family.
                # TYPE z_total counter
                z_total 1.5 1700000000123
                """);
    }
}
