package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** How DNS classifies a Service: ExternalName, headless ({@code clusterIP: None}) or with cluster IPs. */
final class Services {

    private Services() {
    }

    static boolean isExternalName(Service service) {
        return service.getSpec() != null && "ExternalName".equals(service.getSpec().getType());
    }

    static boolean isHeadless(Service service) {
        return service.getSpec() != null && !isExternalName(service)
                && "None".equals(service.getSpec().getClusterIP());
    }

    /** The Service's cluster IPs (dual-stack {@code clusterIPs} included); empty while none is allocated. */
    static List<InetAddress> clusterIps(Service service) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String key : DirectoryIndexes.clusterIps(service)) {
            IpAddresses.parse(key).ifPresent(addresses::add);
        }
        return addresses;
    }

    /** {@code spec.externalName} as an absolute name, or empty if missing or not a DNS name. */
    static Optional<Name> externalName(Service service) {
        String target = service.getSpec().getExternalName();
        if (target == null || target.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Name.fromString(target, Name.root));
        } catch (TextParseException invalid) {
            return Optional.empty();
        }
    }
}
