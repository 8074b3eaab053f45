package dev.capstan.node.config;

import dev.capstan.node.cri.CriChannel;
import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import dev.capstan.node.kubelet.KubeletSettings;
import dev.capstan.node.server.DelegatedAuthorizer;
import dev.capstan.node.server.KubeletServer;
import dev.capstan.node.server.LabelledPodContainers;
import dev.capstan.node.server.SelfSignedCertificate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The kubelet's HTTPS endpoint on {@code capstan.node.port} (10250): container logs, exec, attach and
 * port-forward for the API server to relay, with a self-signed serving certificate as upstream's kubelet makes
 * when none is given ({@code <node>@<timestamp>}). Callers present a client certificate signed by the cluster CA
 * (the API server does) or a bearer token that the API server's TokenReview accepts and whose user a
 * SubjectAccessReview allows on this node (e.g. Prometheus allowed {@code get nodes/metrics}), as upstream's
 * kubelet with webhook authentication and authorization.
 */
@Configuration(proxyBeanMethods = false)
public class KubeletServerConfiguration {

    @Bean
    public AgentService kubeletServer(CriChannel channel, KubeletSettings settings, MeterRegistry registry,
                                      io.fabric8.kubernetes.client.KubernetesClient client,
                                      @Value("${capstan.node.address:0.0.0.0}") String bindAddress) throws UnknownHostException {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(settings.nodeName() + "@" + Instant.now().getEpochSecond(),
                List.of(settings.nodeName(), "localhost"), List.of(InetAddress.getByName(settings.nodeIp()), InetAddress.getLoopbackAddress()));
        var runtime = RuntimeServiceGrpc.newBlockingStub(channel.channel());
        return new AgentService() {
            private KubeletServer server;

            @Override
            public void start() {
                // Upstream's --client-ca-file: only callers with a certificate from the cluster CA (the API server)
                // may read logs or exec; the CA is the one this agent's kubeconfig trusts for the API server.
                server = new KubeletServer(runtime, new LabelledPodContainers(runtime), certificate, ClusterCa.of(client.getConfiguration()))
                        .bearerTokens(new DelegatedAuthorizer(client, settings.nodeName()));
                if (registry instanceof PrometheusMeterRegistry prometheus) {
                    server.agentMetrics(prometheus::scrape);
                }
                server.start(bindAddress, settings.port());
            }

            @Override
            public void stop() {
                if (server != null) {
                    server.close();
                }
            }
        };
    }
}
