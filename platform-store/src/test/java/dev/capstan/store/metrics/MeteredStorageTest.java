package dev.capstan.store.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.store.KeyExistsException;
import dev.capstan.store.ListOptions;
import dev.capstan.store.embedded.EmbeddedStorage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Prometheus scrapes from a metered store: the apiserver's metric names, labels and counts. */
class MeteredStorageTest {

    @TempDir
    Path dataDir;

    @Test
    void requestsAreTimedUnderTheUpstreamNamesWithOperationAndTypeLabels() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MeteredStorage store = new MeteredStorage(EmbeddedStorage.open(dataDir), registry)) {
            store.create("/registry/pods/default/a", new byte[] {1});
            store.create("/registry/pods/default/b", new byte[] {1});
            assertThatThrownBy(() -> store.create("/registry/pods/default/a", new byte[] {2}))
                    .isInstanceOf(KeyExistsException.class);
            store.get("/registry/configmaps/kube-system/x");
            store.list("/registry/stable.example.com/widgets/", ListOptions.latest());

            String scrape = registry.scrape();

            assertThat(scrape)
                    .contains("etcd_request_duration_seconds_count{operation=\"create\",type=\"pods\"} 3")
                    .contains("etcd_request_duration_seconds_count{operation=\"get\",type=\"configmaps\"} 1")
                    .contains("etcd_request_duration_seconds_count{operation=\"list\",type=\"widgets\"} 1")
                    .contains("etcd_request_duration_seconds_bucket{operation=\"create\",type=\"pods\",le=")
                    .containsPattern("apiserver_storage_size_bytes [1-9]");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "/registry/pods/default/web-1, pods",
        "/registry/deployments/prod/api, deployments",
        "/registry/namespaces/default, namespaces",
        "/registry/stable.example.com/crontabs/ns/x, crontabs",
        "/elsewhere/pods/x, other",
        "/registry/, other",
    })
    void typeLabelIsTheResourceOfTheKey(String key, String type) {
        assertThat(ResourceTypes.ofKey(key)).isEqualTo(type);
    }
}
