package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The read-only view of Services and EndpointSlices the cluster DNS answers from. Implementations are
 * typically informer caches, so answers are eventually consistent with the API server.
 *
 * <p>All methods are called concurrently from DNS worker threads: they must be thread-safe, must not block
 * on the network and must not return objects the caller may mutate shared state through (callers only read).
 */
public interface ServiceDirectory {

    /** The Service {@code namespace/name}, or empty if it does not exist. */
    Optional<Service> service(String namespace, String name);

    /**
     * The EndpointSlices labelled {@code kubernetes.io/service-name=<serviceName>} in {@code namespace};
     * empty if there are none.
     */
    List<EndpointSlice> endpointSlices(String namespace, String serviceName);

    /** Whether at least one Service exists in {@code namespace}; decides NODATA versus NXDOMAIN for {@code <ns>.svc.<zone>}. */
    boolean hasServicesIn(String namespace);

    /** Services whose {@code spec.clusterIP} or {@code spec.clusterIPs} contains {@code address}. */
    List<Service> servicesWithClusterIp(InetAddress address);

    /** EndpointSlices that list {@code address} among the addresses of one of their endpoints. */
    List<EndpointSlice> endpointSlicesWithAddress(InetAddress address);
}
