package dev.capstan.api.config;

import dev.capstan.api.encryption.EncryptionAtRest;
import dev.capstan.api.encryption.EncryptionProperties;
import dev.capstan.store.Storage;
import dev.capstan.store.embedded.EmbeddedStorage;
import dev.capstan.store.etcd.EtcdStorage;
import dev.capstan.store.etcd.EtcdStorageOptions;
import dev.capstan.store.metrics.MeteredStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The cluster store: etcd when {@code capstan.store.etcd-servers} is set, otherwise the embedded store in
 * {@code capstan.store.data-dir}; either wrapped with the storage metrics. A user's own {@link Storage} bean wins.
 */
@AutoConfiguration
@EnableConfigurationProperties({StoreProperties.class, EncryptionProperties.class})
public class StorageAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public PrometheusMeterRegistry prometheusMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Storage storage(StoreProperties properties, EncryptionProperties encryption, MeterRegistry meters) {
        Storage backend = properties.getEtcdServers().isEmpty()
                ? EmbeddedStorage.open(properties.getDataDir())
                : EtcdStorage.open(EtcdStorageOptions.of(properties.getEtcdServers().toArray(String[]::new)));
        return new MeteredStorage(EncryptionAtRest.wrap(backend, encryption), meters);
    }
}
