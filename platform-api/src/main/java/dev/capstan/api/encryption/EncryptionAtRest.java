package dev.capstan.api.encryption;

import dev.capstan.api.builtin.BuiltInResources;
import dev.capstan.store.Storage;

/** Puts encryption at rest around the store when {@code capstan.api.encryption-provider-config} is set. */
public final class EncryptionAtRest {

    private EncryptionAtRest() {
    }

    /**
     * The store, encrypting the configured resources; the store itself when no configuration is set.
     *
     * @throws InvalidEncryptionConfigException when the file cannot be used: the server must not start and
     *         write secrets in clear (upstream exits too)
     */
    public static Storage wrap(Storage backend, EncryptionProperties properties) {
        if (properties.getEncryptionProviderConfig() == null) {
            return backend;
        }
        EncryptionConfiguration config;
        try {
            config = EncryptionConfiguration.read(properties.getEncryptionProviderConfig());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        return new EncryptingStorage(backend, config, BuiltInResources.definitions());
    }
}
