package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ServiceDirectory} over plain lists, indexed with the same functions as the informer directory. */
final class InMemoryServiceDirectory implements ServiceDirectory {

    private final List<Service> services = new CopyOnWriteArrayList<>();
    private final List<EndpointSlice> slices = new CopyOnWriteArrayList<>();

    InMemoryServiceDirectory add(Service service) {
        services.add(service);
        return this;
    }

    InMemoryServiceDirectory add(EndpointSlice slice) {
        slices.add(slice);
        return this;
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return services.stream()
                .filter(s -> s.getMetadata().getNamespace().equals(namespace) && s.getMetadata().getName().equals(name))
                .findFirst();
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String serviceName) {
        String key = DirectoryIndexes.serviceKey(namespace, serviceName);
        return slices.stream().filter(s -> DirectoryIndexes.owningService(s).contains(key)).toList();
    }

    @Override
    public boolean hasServicesIn(String namespace) {
        return services.stream().anyMatch(s -> s.getMetadata().getNamespace().equals(namespace));
    }

    @Override
    public List<Service> servicesWithClusterIp(InetAddress address) {
        String key = IpAddresses.canonical(address);
        return services.stream().filter(s -> DirectoryIndexes.clusterIps(s).contains(key)).toList();
    }

    @Override
    public List<EndpointSlice> endpointSlicesWithAddress(InetAddress address) {
        String key = IpAddresses.canonical(address);
        return slices.stream().filter(s -> DirectoryIndexes.endpointAddresses(s).contains(key)).toList();
    }
}
