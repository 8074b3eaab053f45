package dev.capstan.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upstream {@code endpoints.RepackSubsets}: one (address, port) pair at a time in, the fewest subsets out:
 * addresses offering exactly the same ports share a subset. Output is sorted (addresses by IP, ports by
 * name and number, subsets by their first address) so two computations of the same state compare equal.
 */
final class Repacker {

    private record Entry(EndpointAddress address, boolean ready) {
    }

    /** Port → the addresses offering it; a null port is the sentinel of port-less headless endpoints. */
    private final Map<EndpointPort, Map<String, Entry>> addressesByPort = new LinkedHashMap<>();
    private static final EndpointPort NO_PORT = new io.fabric8.kubernetes.api.model.EndpointPortBuilder().withName("<none>").withPort(-1).build();

    void add(EndpointAddress address, boolean ready, EndpointPort port) {
        addressesByPort.computeIfAbsent(port == null ? NO_PORT : port, p -> new TreeMap<>())
                .put(address.getIp() + "|" + ready + "|" + (address.getTargetRef() == null ? "" : address.getTargetRef().getUid()),
                        new Entry(address, ready));
    }

    List<EndpointSubset> subsets() {
        // Group ports by the exact set of addresses offering them.
        Map<String, List<EndpointPort>> portsByAddressSet = new LinkedHashMap<>();
        Map<String, Map<String, Entry>> addressSets = new LinkedHashMap<>();
        addressesByPort.forEach((port, addresses) -> {
            String key = String.join(";", addresses.keySet());
            addressSets.put(key, addresses);
            List<EndpointPort> ports = portsByAddressSet.computeIfAbsent(key, k -> new ArrayList<>());
            if (port != NO_PORT) {
                ports.add(port);
            }
        });
        List<EndpointSubset> subsets = new ArrayList<>();
        portsByAddressSet.forEach((key, ports) -> {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            addressSets.get(key).values().forEach(e -> (e.ready() ? ready : notReady).add(e.address()));
            subsets.add(subset(ready, notReady, ports));
        });
        return sort(subsets);
    }

    private static EndpointSubset subset(List<EndpointAddress> ready, List<EndpointAddress> notReady, List<EndpointPort> ports) {
        List<EndpointAddress> r = new ArrayList<>(ready);
        List<EndpointAddress> n = new ArrayList<>(notReady);
        List<EndpointPort> p = new ArrayList<>(ports);
        r.sort(Comparator.comparing(EndpointAddress::getIp));
        n.sort(Comparator.comparing(EndpointAddress::getIp));
        p.sort(Comparator.comparing((EndpointPort port) -> port.getName() == null ? "" : port.getName())
                .thenComparing(EndpointPort::getPort));
        return new EndpointSubsetBuilder().withAddresses(r).withNotReadyAddresses(n).withPorts(p).build();
    }

    private static List<EndpointSubset> sort(List<EndpointSubset> subsets) {
        subsets.sort(Comparator.comparing(Repacker::firstIp).thenComparing(s -> EndpointsSync.portsKey(s.getPorts())));
        return subsets;
    }

    private static String firstIp(EndpointSubset subset) {
        if (!subset.getAddresses().isEmpty()) {
            return subset.getAddresses().get(0).getIp();
        }
        return subset.getNotReadyAddresses().isEmpty() ? "" : subset.getNotReadyAddresses().get(0).getIp();
    }

    /** Stored subsets in the same canonical form (nulls as empty lists, sorted), for comparison. */
    static List<EndpointSubset> normalize(List<EndpointSubset> stored) {
        List<EndpointSubset> result = new ArrayList<>();
        if (stored != null) {
            for (EndpointSubset s : stored) {
                List<EndpointAddress> ready = s.getAddresses() == null ? List.of() : s.getAddresses().stream()
                        .map(Repacker::withoutResourceVersion).toList();
                List<EndpointAddress> notReady = s.getNotReadyAddresses() == null ? List.of() : s.getNotReadyAddresses().stream()
                        .map(Repacker::withoutResourceVersion).toList();
                result.add(subset(ready, notReady, s.getPorts() == null ? List.of() : s.getPorts()));
            }
        }
        return sort(result);
    }

    /** Upstream compares ignoring the pod reference's resourceVersion. */
    private static EndpointAddress withoutResourceVersion(EndpointAddress address) {
        if (address.getTargetRef() == null || address.getTargetRef().getResourceVersion() == null) {
            return address;
        }
        return new io.fabric8.kubernetes.api.model.EndpointAddressBuilder(address).editTargetRef().withResourceVersion(null)
                .endTargetRef().build();
    }
}
