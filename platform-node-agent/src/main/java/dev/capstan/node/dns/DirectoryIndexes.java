package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Index functions shared by directory implementations: the keys under which a Service or EndpointSlice is
 * found by the DNS lookups. Public so an in-memory directory (tests) indexes exactly like the informer one.
 */
public final class DirectoryIndexes {

    /** The label that ties an EndpointSlice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    static final String BY_CLUSTER_IP = "clusterIP";
    static final String BY_SERVICE = "service";
    static final String BY_ADDRESS = "address";

    private DirectoryIndexes() {
    }

    /** Canonical cluster IPs of the Service ({@code spec.clusterIPs} and {@code spec.clusterIP}, "None" excluded). */
    public static List<String> clusterIps(Service service) {
        Set<String> keys = new LinkedHashSet<>();
        if (service.getSpec() == null) {
            return List.of();
        }
        if (service.getSpec().getClusterIPs() != null) {
            service.getSpec().getClusterIPs().forEach(ip -> addCanonical(keys, ip));
        }
        addCanonical(keys, service.getSpec().getClusterIP());
        return new ArrayList<>(keys);
    }

    /** {@code namespace/serviceName} of the Service the slice belongs to, or nothing if unlabelled. */
    public static List<String> owningService(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String serviceName = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        if (serviceName == null || serviceName.isEmpty()) {
            return List.of();
        }
        return List.of(serviceKey(slice.getMetadata().getNamespace(), serviceName));
    }

    /** Canonical IP addresses of all endpoints in the slice (FQDN slices have none). */
    public static List<String> endpointAddresses(EndpointSlice slice) {
        Set<String> keys = new LinkedHashSet<>();
        if (slice.getEndpoints() != null) {
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (endpoint.getAddresses() != null) {
                    endpoint.getAddresses().forEach(address -> addCanonical(keys, address));
                }
            }
        }
        return new ArrayList<>(keys);
    }

    static String serviceKey(String namespace, String serviceName) {
        return namespace + "/" + serviceName;
    }

    private static void addCanonical(Set<String> keys, String literal) {
        Optional.ofNullable(literal).flatMap(IpAddresses::parse).map(IpAddresses::canonical).ifPresent(keys::add);
    }
}
