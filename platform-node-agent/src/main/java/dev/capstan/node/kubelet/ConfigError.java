package dev.capstan.node.kubelet;

/**
 * A container that cannot be configured from its spec (a missing ConfigMap key, Secret, volume): upstream's
 * {@code CreateContainerConfigError}, retried on the next sync.
 */
public final class ConfigError extends RuntimeException {

    public ConfigError(String message) {
        super(message);
    }
}
