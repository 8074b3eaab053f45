package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The authoritative cluster zone ({@code cluster.local.} by default): maps a name to the records the
 * Kubernetes DNS specification defines for it, read from a {@link ServiceDirectory} at query time.
 * Thread-safe; holds no state beyond its configuration.
 */
final class ClusterZone {

    /** Schema version the specification asks to publish at {@code dns-version.<zone>}. */
    static final String SCHEMA_VERSION = "1.1.0";

    private final Name origin;
    private final long ttl;
    private final ServiceDirectory directory;
    private final Name nameserver;
    private final SOARecord soa;
    private final NSRecord ns;
    private final Optional<InetAddress> nameserverAddress;
    private final ServiceSrvRecords srvRecords;

    /**
     * @param listenAddress published as the address of {@code ns.dns.<zone>} unless it is the wildcard address
     */
    ClusterZone(String clusterDomain, long ttl, ServiceDirectory directory, InetAddress listenAddress) {
        this.origin = absolute(clusterDomain);
        this.ttl = ttl;
        this.directory = directory;
        this.nameserver = name("ns.dns");
        // CoreDNS's SOA shape: ns.dns.<zone>, hostmaster.<zone>, refresh 7200, retry 1800, expire 86400,
        // minimum = TTL (the negative-caching TTL clients use for NXDOMAIN).
        this.soa = new SOARecord(origin, DClass.IN, ttl, nameserver, name("hostmaster"),
                Instant.now().getEpochSecond(), 7200, 1800, 86400, ttl);
        this.ns = new NSRecord(origin, DClass.IN, ttl, nameserver);
        this.nameserverAddress =
                listenAddress.isAnyLocalAddress() ? Optional.empty() : Optional.of(listenAddress);
        this.srvRecords = new ServiceSrvRecords(this, directory, ttl);
    }

    Name origin() {
        return origin;
    }

    SOARecord soa() {
        return soa;
    }

    boolean contains(Name name) {
        return name.subdomain(origin);
    }

    /** {@code <svc>.<ns>.svc.<zone>.} */
    Name serviceName(String namespace, String service) {
        return name(service + "." + namespace + ".svc");
    }

    /** {@code <label>.<svc>.<ns>.svc.<zone>.} for an endpoint of a headless service. */
    Name endpointName(String label, String namespace, String service) {
        return name(label + "." + service + "." + namespace + ".svc");
    }

    /** Everything the zone holds at {@code name}; {@code name} must be inside the zone. */
    ZoneAnswer lookup(Name name) {
        Name relative = name.relativize(origin);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < relative.labels(); i++) {
            labels.add(relative.getLabelString(i).toLowerCase(Locale.ROOT));
        }
        if (labels.isEmpty()) {
            return ZoneAnswer.of(List.of(soa, ns));
        }
        int n = labels.size();
        return switch (labels.get(n - 1)) {
            case "svc" -> lookupService(labels.subList(0, n - 1));
            case "pod" -> lookupPod(labels.subList(0, n - 1));
            case "dns" -> lookupNameserver(labels.subList(0, n - 1));
            case "dns-version" -> n == 1
                    ? ZoneAnswer.of(List.of(new TXTRecord(name, DClass.IN, ttl, SCHEMA_VERSION)))
                    : ZoneAnswer.nxdomain();
            default -> ZoneAnswer.nxdomain();
        };
    }

    /** Labels left of {@code svc}: [], [ns], [svc, ns], [endpoint, svc, ns], [_port, _proto, svc, ns]. */
    private ZoneAnswer lookupService(List<String> labels) {
        return switch (labels.size()) {
            case 0 -> ZoneAnswer.emptyNonTerminal();
            case 1 -> directory.hasServicesIn(labels.get(0)) ? ZoneAnswer.emptyNonTerminal() : ZoneAnswer.nxdomain();
            case 2 -> directory.service(labels.get(1), labels.get(0))
                    .map(this::serviceRecords)
                    .orElse(ZoneAnswer.nxdomain());
            case 3 -> endpointRecords(labels.get(0), labels.get(2), labels.get(1));
            case 4 -> labels.get(0).startsWith("_") && labels.get(1).startsWith("_")
                    ? srvRecords.lookup(
                            labels.get(0).substring(1), labels.get(1).substring(1), labels.get(3), labels.get(2))
                    : ZoneAnswer.nxdomain();
            default -> ZoneAnswer.nxdomain();
        };
    }

    private ZoneAnswer serviceRecords(Service service) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        Name owner = serviceName(namespace, name);
        if (Services.isExternalName(service)) {
            return Services.externalName(service)
                    .map(target -> ZoneAnswer.of(List.of(new CNAMERecord(owner, DClass.IN, ttl, target))))
                    .orElse(ZoneAnswer.nxdomain());
        }
        if (Services.isHeadless(service)) {
            Set<InetAddress> addresses = new LinkedHashSet<>();
            HeadlessEndpoint.of(service, directory.endpointSlices(namespace, name))
                    .forEach(endpoint -> addresses.add(endpoint.address()));
            // CoreDNS answers NXDOMAIN for a headless service without ready endpoints: to clients the
            // name exists only while something answers behind it.
            return addresses.isEmpty() ? ZoneAnswer.nxdomain() : ZoneAnswer.of(addressRecords(owner, addresses));
        }
        return ZoneAnswer.of(addressRecords(owner, Services.clusterIps(service)));
    }

    /** {@code <hostname-or-dashed-ip>.<svc>.<ns>.svc}: only endpoints of headless services have names. */
    private ZoneAnswer endpointRecords(String label, String namespace, String serviceName) {
        Optional<Service> service = directory.service(namespace, serviceName).filter(Services::isHeadless);
        if (service.isEmpty()) {
            return ZoneAnswer.nxdomain();
        }
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (HeadlessEndpoint endpoint : HeadlessEndpoint.of(service.get(), directory.endpointSlices(namespace, serviceName))) {
            if (endpoint.label().equalsIgnoreCase(label)) {
                addresses.add(endpoint.address());
            }
        }
        if (addresses.isEmpty()) {
            return ZoneAnswer.nxdomain();
        }
        return ZoneAnswer.of(addressRecords(endpointName(label, namespace, serviceName), addresses));
    }

    /**
     * Labels left of {@code pod}: [], [ns], [a-b-c-d, ns]. CoreDNS's "pods insecure" mode: the address is
     * taken from the name without checking that such a pod exists.
     */
    private ZoneAnswer lookupPod(List<String> labels) {
        return switch (labels.size()) {
            case 0, 1 -> ZoneAnswer.emptyNonTerminal();
            case 2 -> podAddress(labels.get(0))
                    .map(ip -> ZoneAnswer.of(addressRecords(name(labels.get(0) + "." + labels.get(1) + ".pod"), List.of(ip))))
                    .orElse(ZoneAnswer.nxdomain());
            default -> ZoneAnswer.nxdomain();
        };
    }

    private ZoneAnswer lookupNameserver(List<String> labels) {
        if (labels.isEmpty()) {
            return ZoneAnswer.emptyNonTerminal();
        }
        if (labels.size() == 1 && labels.get(0).equals("ns")) {
            return ZoneAnswer.of(nameserverAddress.map(ip -> addressRecords(nameserver, List.of(ip))).orElse(List.of()));
        }
        return ZoneAnswer.nxdomain();
    }

    /** CoreDNS: three dashes and no "--" is IPv4 ({@code 10-0-0-1}), anything else IPv6 with dashes for colons. */
    static Optional<InetAddress> podAddress(String label) {
        boolean ipv4 = label.chars().filter(c -> c == '-').count() == 3 && !label.contains("--");
        Optional<InetAddress> address = IpAddresses.parse(ipv4 ? label.replace('-', '.') : label.replace('-', ':'));
        return address.filter(ip -> ipv4 == (ip instanceof java.net.Inet4Address));
    }

    /** A or AAAA records, one per address. */
    List<Record> addressRecords(Name owner, Iterable<InetAddress> addresses) {
        List<Record> records = new ArrayList<>();
        for (InetAddress address : addresses) {
            records.add(address instanceof java.net.Inet4Address
                    ? new ARecord(owner, DClass.IN, ttl, address)
                    : new AAAARecord(owner, DClass.IN, ttl, address));
        }
        return records;
    }

    private Name name(String relative) {
        try {
            return Name.fromString(relative, origin);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + relative + "." + origin, e);
        }
    }

    private static Name absolute(String domain) {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("cluster domain is not a DNS name: " + domain, e);
        }
    }
}
