package dev.capstan.controllers.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Fabric8 client per controller ServiceAccount in {@code kube-system} (upstream's
 * {@code --use-service-account-credentials}, kubeadm's default): the manager's connection settings without its
 * client certificate, authenticating with the account's token. All of them share one Vert.x instance, so twenty
 * controllers do not cost twenty sets of event-loop threads.
 */
public final class ServiceAccountClients implements AutoCloseable {

    static final String NAMESPACE = "kube-system";

    private final KubernetesClient manager;
    private final Vertx vertx = Vertx.vertx();
    private final Vertx5HttpClientFactory httpClients = new Vertx5HttpClientFactory(vertx);
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public ServiceAccountClients(KubernetesClient manager) {
        this.manager = manager;
    }

    /** The client acting as {@code system:serviceaccount:kube-system:<serviceAccount>}. */
    public KubernetesClient clientFor(String serviceAccount) {
        return clients.computeIfAbsent(serviceAccount, this::build);
    }

    private KubernetesClient build(String serviceAccount) {
        Config base = manager.getConfiguration();
        Config config = new ConfigBuilder(base)
                .withClientCertData(null).withClientCertFile(null)
                .withClientKeyData(null).withClientKeyFile(null)
                .withOauthToken(null).withUsername(null).withPassword(null)
                .withUserAgent(base.getUserAgent() + " " + serviceAccount)
                .build();
        ServiceAccountTokenSource tokens = new ServiceAccountTokenSource(manager, NAMESPACE, serviceAccount, Clock.systemUTC());
        // the manager's serialization: Jackson's introspection of the model classes is done once, not per controller
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(httpClients)
                .withKubernetesSerialization(manager.getKubernetesSerialization())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor(TokenRefreshInterceptor.NAME,
                        new ServiceAccountTokenInterceptor(tokens)))
                .build();
    }

    @Override
    public void close() {
        clients.values().forEach(KubernetesClient::close);
        vertx.close();
    }
}
