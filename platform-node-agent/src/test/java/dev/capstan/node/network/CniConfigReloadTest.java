package dev.capstan.node.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class CniConfigReloadTest {

    @Test
    void returnsOnceTheRuntimeReportsTheNewSubnet() {
        ArrayDeque<String> reports = new ArrayDeque<>(List.of(
                "{\"subnet\":\"10.42.0.0/24\"}", "{\"subnet\":\"10.42.0.0/24\"}", "{\"subnet\":\"10.42.1.0/24\"}"));
        assertThat(CniConfigReload.awaitLoaded(reports::poll, "10.42.1.0/24", Duration.ofSeconds(30))).isTrue();
        assertThat(reports).isEmpty();
    }

    @Test
    void aRuntimeThatNeverReportsItGivesUpWithoutFailing() {
        assertThat(CniConfigReload.awaitLoaded(() -> null, "10.42.1.0/24", Duration.ofMillis(10))).isFalse();
    }

    @Test
    void aSubnetThatOnlyStartsLikeTheNewOneDoesNotCount() {
        assertThat(CniConfigReload.awaitLoaded(() -> "{\"subnet\":\"10.42.1.0/240\"}", "10.42.1.0/24", Duration.ofMillis(10)))
                .isFalse();
    }
}
