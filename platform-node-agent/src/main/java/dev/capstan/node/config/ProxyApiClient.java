package dev.capstan.node.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The client the service proxy and the cluster DNS read Services and EndpointSlices with. Upstream runs them as
 * kube-proxy and CoreDNS under identities of their own (system:kube-proxy, bound to system:node-proxier), because
 * the Node authorizer lets a kubelet read only what its own pods use. The agent role declares one from
 * {@code capstan.node.proxy-kubeconfig}; without it they share the agent's client.
 */
public record ProxyApiClient(KubernetesClient client) implements AutoCloseable {

    static KubernetesClient orAgents(ObjectProvider<ProxyApiClient> proxyClient, KubernetesClient agentClient) {
        ProxyApiClient own = proxyClient.getIfAvailable();
        return own == null ? agentClient : own.client();
    }

    @Override
    public void close() {
        client.close();
    }
}
