package dev.capstan.server.roles;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Fabric8 client a component role reaches the API with: built from a kubeconfig file, with enough
 * connections and request rate for a scheduler binding hundreds of pods per second.
 */
public final class ClusterClientFactory {

    private ClusterClientFactory() {
    }

    public static KubernetesClient fromKubeconfig(Path kubeconfig, String userAgent) {
        String content;
        try {
            content = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
        Config config = Config.fromKubeconfig(content);
        config.setUserAgent(userAgent);
        config.setMaxConcurrentRequests(256);
        config.setMaxConcurrentRequestsPerHost(256);
        config.setRequestTimeout(30_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
