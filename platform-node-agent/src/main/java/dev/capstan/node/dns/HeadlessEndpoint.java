package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One published address of a headless Service, as DNS sees it.
 *
 * @param address  the endpoint IP
 * @param literal  the IP as written in the EndpointSlice (used for the dashed label)
 * @param hostname {@code endpoints[].hostname}, or null
 * @param ports    the ports of the slice the endpoint came from
 */
record HeadlessEndpoint(InetAddress address, String literal, String hostname, List<EndpointPort> ports) {

    /**
     * The DNS label of this endpoint under its service: the hostname if set, else the IP with dashes
     * (CoreDNS's endpointHostname: {@code 10-0-0-1}, IPv6 colons become dashes with a 0 added at an edge).
     */
    String label() {
        if (hostname != null && !hostname.isEmpty()) {
            return hostname;
        }
        if (literal.contains(".")) {
            return literal.replace('.', '-');
        }
        String dashed = literal.replace(':', '-');
        if (dashed.endsWith("-")) {
            dashed = dashed + "0";
        }
        if (dashed.startsWith("-")) {
            dashed = "0" + dashed;
        }
        return dashed;
    }

    /**
     * The endpoints DNS publishes for {@code service}: addresses of ready endpoints of IPv4/IPv6 slices (an
     * absent ready condition counts as ready, as the API documents), or all endpoints if the Service sets
     * {@code publishNotReadyAddresses}. The same address listed twice (e.g. while a slice is being
     * replaced) is published once.
     */
    static List<HeadlessEndpoint> of(Service service, List<EndpointSlice> slices) {
        boolean publishNotReady = service.getSpec() != null
                && Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        Map<String, HeadlessEndpoint> byLabelAndAddress = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            if ("FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
                continue;
            }
            List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (!publishNotReady && !isReady(endpoint) || endpoint.getAddresses() == null) {
                    continue;
                }
                for (String literal : endpoint.getAddresses()) {
                    Optional<InetAddress> address = IpAddresses.parse(literal);
                    if (address.isPresent()) {
                        HeadlessEndpoint published =
                                new HeadlessEndpoint(address.get(), literal, endpoint.getHostname(), ports);
                        byLabelAndAddress.putIfAbsent(
                                published.label() + "/" + IpAddresses.canonical(address.get()), published);
                    }
                }
            }
        }
        return new ArrayList<>(byLabelAndAddress.values());
    }

    private static boolean isReady(Endpoint endpoint) {
        return endpoint.getConditions() == null
                || endpoint.getConditions().getReady() == null
                || endpoint.getConditions().getReady();
    }
}
