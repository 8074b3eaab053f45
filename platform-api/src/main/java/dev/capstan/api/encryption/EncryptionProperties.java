package dev.capstan.api.encryption;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Encryption at rest ({@code capstan.api.encryption-provider-config}, upstream's --encryption-provider-config). */
@ConfigurationProperties("capstan.api")
public class EncryptionProperties {

    /** An EncryptionConfiguration file (apiserver.config.k8s.io/v1); unset stores everything as is. */
    private Path encryptionProviderConfig;

    public Path getEncryptionProviderConfig() {
        return encryptionProviderConfig;
    }

    public void setEncryptionProviderConfig(Path encryptionProviderConfig) {
        this.encryptionProviderConfig = encryptionProviderConfig;
    }
}
