package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A {@link ServiceDirectory} over Fabric8 shared informers for Services and discovery.k8s.io/v1
 * EndpointSlices in all namespaces, with indexes for the lookups DNS needs (slices by owning service,
 * services by cluster IP, slices by endpoint address) so no query scans the whole cache.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #stop()} once. Lookups before the caches synced answer from
 * whatever has been listed so far (CoreDNS likewise serves while it waits for its first sync).
 */
public final class InformerServiceDirectory implements ServiceDirectory, AutoCloseable {

    private final KubernetesClient client;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;

    public InformerServiceDirectory(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Starts both informers. The returned stage completes when both caches have synced their initial list
     * (or completes exceptionally if listing fails); lookups work before that, on partial data.
     *
     * @throws IllegalStateException if already started
     */
    public synchronized CompletionStage<Void> start() {
        if (services != null) {
            throw new IllegalStateException("already started");
        }
        services = client.services().inAnyNamespace().runnableInformer(0);
        services.addIndexers(Map.of(DirectoryIndexes.BY_CLUSTER_IP, DirectoryIndexes::clusterIps));
        slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
        slices.addIndexers(Map.<String, Function<EndpointSlice, List<String>>>of(
                DirectoryIndexes.BY_SERVICE, DirectoryIndexes::owningService,
                DirectoryIndexes.BY_ADDRESS, DirectoryIndexes::endpointAddresses));
        return CompletableFuture.allOf(
                services.start().toCompletableFuture(), slices.start().toCompletableFuture());
    }

    /** Whether both informers have completed their initial list. */
    public synchronized boolean hasSynced() {
        return services != null && services.hasSynced() && slices.hasSynced();
    }

    /** Stops both informers; idempotent. */
    public synchronized void stop() {
        if (services != null) {
            services.stop();
            slices.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return Optional.ofNullable(servicesInformer().getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String serviceName) {
        return slicesInformer().getIndexer().byIndex(DirectoryIndexes.BY_SERVICE,
                DirectoryIndexes.serviceKey(namespace, serviceName));
    }

    @Override
    public boolean hasServicesIn(String namespace) {
        return !servicesInformer().getIndexer().indexKeys(Cache.NAMESPACE_INDEX, namespace).isEmpty();
    }

    @Override
    public List<Service> servicesWithClusterIp(InetAddress address) {
        return servicesInformer().getIndexer().byIndex(DirectoryIndexes.BY_CLUSTER_IP, IpAddresses.canonical(address));
    }

    @Override
    public List<EndpointSlice> endpointSlicesWithAddress(InetAddress address) {
        return slicesInformer().getIndexer().byIndex(DirectoryIndexes.BY_ADDRESS, IpAddresses.canonical(address));
    }

    private synchronized SharedIndexInformer<Service> servicesInformer() {
        if (services == null) {
            throw new IllegalStateException("not started");
        }
        return services;
    }

    private synchronized SharedIndexInformer<EndpointSlice> slicesInformer() {
        if (slices == null) {
            throw new IllegalStateException("not started");
        }
        return slices;
    }
}
