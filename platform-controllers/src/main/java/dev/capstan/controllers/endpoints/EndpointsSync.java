package dev.capstan.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The Endpoints controller's decisions, without a server (upstream {@code syncService}): which subsets a
 * service's pods make, and whether the stored Endpoints need writing.
 */
public final class EndpointsSync {

    /** Upstream {@code v1.IsHeadlessService}: set on Endpoints of services without a cluster IP. */
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    public static final String TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";
    public static final String OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";
    /** Upstream {@code maxCapacity}: Endpoints are truncated beyond this many addresses. */
    static final int MAX_CAPACITY = 1000;

    private EndpointsSync() {
    }

    /** Whether the controller manages this service's Endpoints at all (ExternalName and selector-less: no). */
    public static boolean managed(Service service) {
        return service.getSpec() != null && !"ExternalName".equals(service.getSpec().getType())
                && service.getSpec().getSelector() != null && !service.getSpec().getSelector().isEmpty();
    }

    /** The subsets the service's selected pods make, repacked and sorted (upstream {@code RepackSubsets}). */
    public static List<EndpointSubset> subsets(Service service, List<Pod> pods) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        Repacker repacker = new Repacker();
        for (Pod pod : pods) {
            if (!EndpointPods.shouldBeInEndpoints(pod, publishNotReady)) {
                continue;
            }
            EndpointAddress address = address(service, pod);
            boolean ready = publishNotReady || EndpointPods.isReady(pod);
            if (ports.isEmpty()) {
                // Only headless services may have endpoints without ports.
                if ("None".equals(service.getSpec().getClusterIP())) {
                    repacker.add(address, ready, null);
                }
                continue;
            }
            for (ServicePort servicePort : ports) {
                OptionalInt number = EndpointPods.findPort(pod, servicePort);
                if (number.isPresent()) {
                    repacker.add(address, ready, new EndpointPortBuilder().withName(servicePort.getName())
                            .withPort(number.getAsInt())
                            .withProtocol(servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol())
                            .withAppProtocol(servicePort.getAppProtocol()).build());
                }
            }
        }
        return repacker.subsets();
    }

    static EndpointAddress address(Service service, Pod pod) {
        EndpointAddressBuilder address = new EndpointAddressBuilder().withIp(EndpointPods.ip(pod))
                .withNodeName(pod.getSpec() == null ? null : pod.getSpec().getNodeName())
                .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef();
        if (EndpointPods.shouldSetHostname(pod, service)) {
            address.withHostname(pod.getSpec().getHostname());
        }
        return address.build();
    }

    /**
     * The Endpoints to write, or null when {@code current} already says it all (same subsets, labels and
     * capacity annotation; upstream skips the write then so pod churn that changes nothing costs nothing).
     */
    public static Endpoints desired(Service service, List<Pod> pods, Endpoints current) {
        List<EndpointSubset> subsets = subsets(service, pods);
        Map<String, String> serviceLabels = service.getMetadata().getLabels() == null ? Map.of() : service.getMetadata().getLabels();
        if (current != null) {
            Map<String, String> compareLabels = new LinkedHashMap<>(current.getMetadata().getLabels() == null
                    ? Map.of() : current.getMetadata().getLabels());
            boolean headlessRight = (compareLabels.remove(HEADLESS_LABEL) != null) == headless(service);
            if (Repacker.normalize(current.getSubsets()).equals(subsets) && compareLabels.equals(serviceLabels)
                    && headlessRight && capacityAnnotationCorrect(current, subsets)) {
                return null;
            }
        }
        EndpointsBuilder builder = current == null
                ? new EndpointsBuilder().withNewMetadata().withName(service.getMetadata().getName())
                        .withNamespace(service.getMetadata().getNamespace()).endMetadata()
                : new EndpointsBuilder(current);
        Endpoints endpoints = builder.withSubsets(subsets).build();
        Map<String, String> labels = new LinkedHashMap<>(serviceLabels);
        if (headless(service)) {
            labels.put(HEADLESS_LABEL, "");
        }
        endpoints.getMetadata().setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>(endpoints.getMetadata().getAnnotations() == null
                ? Map.of() : endpoints.getMetadata().getAnnotations());
        Instant trigger = triggerTime(service, pods);
        if (trigger != null) {
            annotations.put(TRIGGER_TIME_ANNOTATION, trigger.toString());
        } else {
            annotations.remove(TRIGGER_TIME_ANNOTATION);
        }
        if (Truncation.truncate(endpoints.getSubsets(), MAX_CAPACITY)) {
            annotations.put(OVER_CAPACITY_ANNOTATION, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY_ANNOTATION);
        }
        endpoints.getMetadata().setAnnotations(annotations);
        return endpoints;
    }

    static boolean headless(Service service) {
        String clusterIP = service.getSpec().getClusterIP();
        return clusterIP == null || clusterIP.isEmpty() || "None".equals(clusterIP);
    }

    /**
     * The latest change the Endpoints reflect: the service's creation or a selected pod's readiness change.
     * Upstream keeps a tracker of already-reflected changes and reports the earliest unreflected one; without
     * that state the latest change is the closest stateless equivalent.
     */
    static Instant triggerTime(Service service, List<Pod> pods) {
        Instant latest = EndpointPods.parse(service.getMetadata().getCreationTimestamp());
        for (Pod pod : pods) {
            Instant change = EndpointPods.lastChange(pod);
            if (change != null && (latest == null || change.isAfter(latest))) {
                latest = change;
            }
        }
        return latest;
    }

    private static boolean capacityAnnotationCorrect(Endpoints current, List<EndpointSubset> subsets) {
        int count = subsets.stream().mapToInt(s -> s.getAddresses().size() + s.getNotReadyAddresses().size()).sum();
        if (count > MAX_CAPACITY) {
            return false;
        }
        return current.getMetadata().getAnnotations() == null
                || !current.getMetadata().getAnnotations().containsKey(OVER_CAPACITY_ANNOTATION);
    }

    /** Ports as a comparable string (subset ordering). */
    static String portsKey(List<EndpointPort> ports) {
        List<String> keys = new ArrayList<>();
        for (EndpointPort port : ports) {
            keys.add(Objects.toString(port.getName(), "") + "/" + port.getPort() + "/" + port.getProtocol());
        }
        return String.join(",", keys);
    }
}
