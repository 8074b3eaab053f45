package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;

/**
 * PTR records for addresses the cluster owns: a Service cluster IP maps to {@code <svc>.<ns>.svc.<zone>}, an
 * endpoint address of a headless Service to {@code <hostname-or-dashed-ip>.<svc>.<ns>.svc.<zone>}. Any other
 * reverse name is not ours (CoreDNS's {@code fallthrough in-addr.arpa ip6.arpa}): the caller forwards it.
 */
final class ReverseZone {

    private static final Name IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.");
    private static final Name IP6_ARPA = Name.fromConstantString("ip6.arpa.");

    private final ClusterZone zone;
    private final ServiceDirectory directory;
    private final long ttl;

    ReverseZone(ClusterZone zone, ServiceDirectory directory, long ttl) {
        this.zone = zone;
        this.directory = directory;
        this.ttl = ttl;
    }

    /** The PTR records for {@code name}, empty if it is not a reverse name of a cluster-owned address. */
    List<Record> ptrRecords(Name name) {
        Optional<InetAddress> address = addressOf(name);
        if (address.isEmpty()) {
            return List.of();
        }
        Set<Name> targets = new LinkedHashSet<>();
        for (Service service : directory.servicesWithClusterIp(address.get())) {
            targets.add(zone.serviceName(service.getMetadata().getNamespace(), service.getMetadata().getName()));
        }
        if (targets.isEmpty()) {
            targets.addAll(headlessEndpointNames(address.get()));
        }
        List<Record> records = new ArrayList<>();
        targets.forEach(target -> records.add(new PTRRecord(name, DClass.IN, ttl, target)));
        return records;
    }

    private List<Name> headlessEndpointNames(InetAddress address) {
        List<Name> names = new ArrayList<>();
        for (EndpointSlice slice : directory.endpointSlicesWithAddress(address)) {
            String namespace = slice.getMetadata().getNamespace();
            String serviceName = slice.getMetadata().getLabels() == null ? null
                    : slice.getMetadata().getLabels().get(DirectoryIndexes.SERVICE_NAME_LABEL);
            Optional<Service> service = serviceName == null ? Optional.empty()
                    : directory.service(namespace, serviceName).filter(Services::isHeadless);
            if (service.isEmpty()) {
                continue;
            }
            for (HeadlessEndpoint endpoint : HeadlessEndpoint.of(service.get(), List.of(slice))) {
                if (endpoint.address().equals(address)) {
                    names.add(zone.endpointName(endpoint.label(), namespace, serviceName));
                }
            }
        }
        return names;
    }

    /** {@code 4.3.2.1.in-addr.arpa.} to 1.2.3.4, 32 nibbles under {@code ip6.arpa.} to an IPv6 address. */
    static Optional<InetAddress> addressOf(Name name) {
        if (name.subdomain(IN_ADDR_ARPA)) {
            return reversedLabels(name.relativize(IN_ADDR_ARPA), 4, ".")
                    .flatMap(IpAddresses::parse)
                    .filter(ip -> ip instanceof java.net.Inet4Address);
        }
        if (name.subdomain(IP6_ARPA)) {
            Optional<String> nibbles = reversedLabels(name.relativize(IP6_ARPA), 32, "");
            if (nibbles.isEmpty() || !nibbles.get().matches("[0-9a-fA-F]{32}")) {
                return Optional.empty();
            }
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < 32; i += 4) {
                literal.append(i == 0 ? "" : ":").append(nibbles.get(), i, i + 4);
            }
            return IpAddresses.parse(literal.toString());
        }
        return Optional.empty();
    }

    private static Optional<String> reversedLabels(Name relative, int count, String separator) {
        if (relative.labels() != count) {
            return Optional.empty();
        }
        List<String> labels = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            labels.add(relative.getLabelString(i));
        }
        return Optional.of(String.join(separator, labels));
    }
}
