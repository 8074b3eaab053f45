package dev.capstan.server.roles;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Fabric8 client a component role reaches the API with: built from a kubeconfig file, with enough
 * connections and request rate for a scheduler binding hundreds of pods per second.
 */
public final class ClusterClientFactory {

    /**
     * One serialization for every client this JVM's roles build (all-in-one: scheduler, controller manager, node
     * agent, proxy): each would otherwise hold its own Jackson mapper with its own introspection of the whole
     * Kubernetes model, several MiB of heap apiece. It holds no per-client state.
     */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

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
        return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(SERIALIZATION).build();
    }
}
