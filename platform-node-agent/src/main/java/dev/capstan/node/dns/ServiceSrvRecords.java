package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;

/**
 * SRV records {@code _<port>._<proto>.<svc>.<ns>.svc.<zone>} for named ports.
 *
 * <p>Service with a cluster IP: one SRV pointing at {@code <svc>.<ns>.svc.<zone>} with the service port.
 * Headless service: one SRV per ready endpoint and matching slice port, pointing at
 * {@code <hostname-or-dashed-ip>.<svc>.<ns>.svc.<zone>} with the endpoint port. Priority is always 0; the
 * weight is CoreDNS's even split {@code floor(100 / number-of-records)}. The targets' addresses go to the
 * additional section.
 */
final class ServiceSrvRecords {

    private final ClusterZone zone;
    private final ServiceDirectory directory;
    private final long ttl;

    ServiceSrvRecords(ClusterZone zone, ServiceDirectory directory, long ttl) {
        this.zone = zone;
        this.directory = directory;
        this.ttl = ttl;
    }

    ZoneAnswer lookup(String portName, String protocol, String namespace, String serviceName) {
        Optional<Service> service = directory.service(namespace, serviceName);
        if (service.isEmpty() || Services.isExternalName(service.get()) || portName.isEmpty()) {
            return ZoneAnswer.nxdomain();
        }
        Name owner = srvName(portName, protocol, namespace, serviceName);
        return Services.isHeadless(service.get())
                ? headless(owner, portName, protocol, service.get())
                : withClusterIp(owner, portName, protocol, service.get());
    }

    private ZoneAnswer withClusterIp(Name owner, String portName, String protocol, Service service) {
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        Name target = zone.serviceName(service.getMetadata().getNamespace(), service.getMetadata().getName());
        List<Record> records = new ArrayList<>();
        for (ServicePort port : ports) {
            if (matches(port.getName(), port.getProtocol(), portName, protocol) && port.getPort() != null) {
                records.add(srv(owner, 1, port.getPort(), target));
            }
        }
        if (records.isEmpty()) {
            return ZoneAnswer.nxdomain();
        }
        return ZoneAnswer.of(records, zone.addressRecords(target, Services.clusterIps(service)));
    }

    private ZoneAnswer headless(Name owner, String portName, String protocol, Service service) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        record Target(HeadlessEndpoint endpoint, int port) {
        }
        List<Target> targets = new ArrayList<>();
        for (HeadlessEndpoint endpoint : HeadlessEndpoint.of(service, directory.endpointSlices(namespace, name))) {
            for (EndpointPort port : endpoint.ports()) {
                if (matches(port.getName(), port.getProtocol(), portName, protocol) && port.getPort() != null) {
                    targets.add(new Target(endpoint, port.getPort()));
                }
            }
        }
        if (targets.isEmpty()) {
            return ZoneAnswer.nxdomain();
        }
        List<Record> records = new ArrayList<>();
        List<Record> additional = new ArrayList<>();
        for (Target target : targets) {
            Name targetName = zone.endpointName(target.endpoint().label(), namespace, name);
            records.add(srv(owner, targets.size(), target.port(), targetName));
            additional.addAll(zone.addressRecords(targetName, List.of(target.endpoint().address())));
        }
        return ZoneAnswer.of(records, additional);
    }

    private SRVRecord srv(Name owner, int recordCount, int port, Name target) {
        int weight = 100 / recordCount;
        return new SRVRecord(owner, DClass.IN, ttl, 0, weight, port, target);
    }

    private Name srvName(String portName, String protocol, String namespace, String serviceName) {
        return zone.endpointName("_" + portName + "._" + protocol, namespace, serviceName);
    }

    /** Port names are compared exactly (they are DNS labels already); an absent protocol means TCP. */
    private static boolean matches(String name, String portProtocol, String wantedName, String wantedProtocol) {
        String protocol = portProtocol == null ? "tcp" : portProtocol.toLowerCase(Locale.ROOT);
        return wantedName.equals(name) && wantedProtocol.equals(protocol);
    }
}
