package dev.capstan.node.proxy;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The ready endpoints ({@code ip:port}) of each service port, read from EndpointSlices.
 *
 * <p>A slice belongs to the service named by its {@code kubernetes.io/service-name} label. A service port matches
 * the slice port with the same name and protocol, and the slice port's number is the endpoint's port: the
 * EndpointSlice controller has already resolved a named {@code targetPort} against each pod's container ports,
 * which is why kube-proxy never looks at {@code targetPort} itself.
 */
public final class ReadyEndpoints {

    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();

    public ReadyEndpoints(List<EndpointSlice> slices) {
        for (EndpointSlice slice : slices) {
            var meta = slice.getMetadata();
            if (meta == null || meta.getLabels() == null) {
                continue;
            }
            String service = meta.getLabels().get(SERVICE_NAME_LABEL);
            // Capstan's proxy is IPv4 only; FQDN and IPv6 slices are not proxied (as kube-proxy per family).
            if (service == null || !"IPv4".equals(slice.getAddressType())) {
                continue;
            }
            slicesByService.computeIfAbsent(meta.getNamespace() + "/" + service, k -> new ArrayList<>()).add(slice);
        }
    }

    /** Ready endpoints of a service port, deduplicated across slices and sorted so the rules are deterministic. */
    public List<String> of(ProxiedServicePort servicePort) {
        SortedSet<String> endpoints = new TreeSet<>();
        for (EndpointSlice slice : slicesByService.getOrDefault(
                servicePort.namespace() + "/" + servicePort.serviceName(), List.of())) {
            if (slice.getPorts() == null || slice.getEndpoints() == null) {
                continue;
            }
            for (EndpointPort port : slice.getPorts()) {
                String name = port.getName() == null ? "" : port.getName();
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol().toUpperCase(Locale.ROOT);
                if (!name.equals(servicePort.portName()) || !protocol.equals(servicePort.protocol())
                        || port.getPort() == null) {
                    continue;
                }
                for (Endpoint endpoint : slice.getEndpoints()) {
                    if (isReady(endpoint) && endpoint.getAddresses() != null && !endpoint.getAddresses().isEmpty()) {
                        // Like kube-proxy, only the first address counts: the others are the same backend.
                        endpoints.add(endpoint.getAddresses().get(0) + ":" + port.getPort());
                    }
                }
            }
        }
        return List.copyOf(endpoints);
    }

    /**
     * Ready per the EndpointSlice API: an absent {@code ready} condition means "unknown" and consumers treat it as
     * ready; a terminating endpoint never receives new connections.
     */
    static boolean isReady(Endpoint endpoint) {
        var conditions = endpoint.getConditions();
        if (conditions == null) {
            return true;
        }
        if (Boolean.TRUE.equals(conditions.getTerminating())) {
            return false;
        }
        return !Objects.equals(conditions.getReady(), Boolean.FALSE);
    }
}
