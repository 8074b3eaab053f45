package dev.capstan.controllers.endpointslice;

import dev.capstan.controllers.endpoints.EndpointPods;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The EndpointSlice controller's decisions, without a server (a simplified upstream {@code reconciler}):
 * endpoints are grouped by the ports they resolve to; existing slices keep the endpoints they already hold
 * (so pod churn rewrites as few slices as possible), new endpoints first fill slices that change anyway,
 * then new slices of at most {@link #MAX_ENDPOINTS_PER_SLICE}; emptied slices go. A service without
 * endpoints keeps one empty placeholder slice, as upstream.
 */
public final class SlicePlanner {

    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    static final String TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";
    /** Upstream's default {@code --max-endpoints-per-slice}. */
    public static final int MAX_ENDPOINTS_PER_SLICE = 100;

    private final Service service;
    private final int maxPerSlice;
    /** The latest change written slices reflect (see {@code EndpointsSync.triggerTime}). */
    private Instant triggerTime;

    public SlicePlanner(Service service, int maxPerSlice) {
        this.service = service;
        this.maxPerSlice = maxPerSlice;
    }

    public SlicePlan plan(List<Pod> pods, List<EndpointSlice> existing, Function<String, String> zoneOfNode) {
        // Desired endpoints by their port set, in pod IP order; keyed by pod UID (or IP) to match stored ones.
        Map<List<EndpointPort>, Map<String, Endpoint>> desired = new LinkedHashMap<>();
        List<Pod> sorted = new ArrayList<>(pods.stream().filter(SliceEndpoints::included).toList());
        sorted.sort(Comparator.comparing(EndpointPods::ip));
        triggerTime = EndpointPods.parse(service.getMetadata().getCreationTimestamp());
        for (Pod pod : sorted) {
            Instant change = EndpointPods.lastChange(pod);
            if (change != null && (triggerTime == null || change.isAfter(triggerTime))) {
                triggerTime = change;
            }
        }
        for (Pod pod : sorted) {
            Endpoint endpoint = SliceEndpoints.endpoint(service, pod, zoneOfNode);
            desired.computeIfAbsent(SliceEndpoints.ports(service, pod), p -> new LinkedHashMap<>()).put(key(endpoint), endpoint);
        }
        List<EndpointSlice> create = new ArrayList<>();
        List<EndpointSlice> update = new ArrayList<>();
        List<EndpointSlice> delete = new ArrayList<>();
        Map<List<EndpointPort>, List<EndpointSlice>> existingByPorts = new LinkedHashMap<>();
        for (EndpointSlice slice : existing.stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList()) {
            if (!"IPv4".equals(slice.getAddressType())) {
                delete.add(slice); // only IPv4 is served; slices of other families are stale
                continue;
            }
            existingByPorts.computeIfAbsent(ports(slice), p -> new ArrayList<>()).add(slice);
        }
        if (desired.isEmpty()) {
            return placeholder(existing, delete, create, update);
        }
        existingByPorts.forEach((ports, slices) -> {
            if (!desired.containsKey(ports)) {
                delete.addAll(slices);
            }
        });
        desired.forEach((ports, wanted) -> reconcilePorts(ports, wanted,
                existingByPorts.getOrDefault(ports, List.of()), create, update, delete));
        return new SlicePlan(create, update, delete);
    }

    private void reconcilePorts(List<EndpointPort> ports, Map<String, Endpoint> wanted, List<EndpointSlice> slices,
                                List<EndpointSlice> create, List<EndpointSlice> update, List<EndpointSlice> delete) {
        Map<String, Endpoint> remaining = new LinkedHashMap<>(wanted);
        List<EndpointSlice> changed = new ArrayList<>();
        List<EndpointSlice> unchanged = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            List<Endpoint> kept = new ArrayList<>();
            boolean dirty = !metadataCorrect(slice);
            for (Endpoint stored : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                Endpoint now = remaining.remove(key(stored));
                if (now == null) {
                    dirty = true;
                } else {
                    dirty |= !now.equals(withoutResourceVersion(stored));
                    kept.add(now);
                }
            }
            if (kept.isEmpty()) {
                delete.add(slice);
            } else if (dirty) {
                changed.add(build(slice, kept, ports));
            } else {
                unchanged.add(slice);
            }
        }
        // New endpoints fill slices that are written anyway before any new slice is made.
        List<Endpoint> left = new ArrayList<>(remaining.values());
        for (int i = 0; i < changed.size(); i++) {
            EndpointSlice slice = changed.get(i);
            List<Endpoint> endpoints = new ArrayList<>(slice.getEndpoints());
            while (endpoints.size() < maxPerSlice && !left.isEmpty()) {
                endpoints.add(left.remove(0));
            }
            changed.set(i, build(slice, endpoints, ports));
        }
        // Upstream's getSliceToFill: what is left may all go into the unchanged slice it fills closest to full,
        // rather than into a new slice of its own.
        if (!left.isEmpty() && left.size() < maxPerSlice) {
            EndpointSlice fill = sliceToFill(unchanged, left.size());
            if (fill != null) {
                List<Endpoint> endpoints = new ArrayList<>(fill.getEndpoints());
                endpoints.addAll(left);
                left.clear();
                changed.add(build(fill, endpoints, ports));
            }
        }
        update.addAll(changed);
        for (int from = 0; from < left.size(); from += maxPerSlice) {
            create.add(build(null, left.subList(from, Math.min(left.size(), from + maxPerSlice)), ports));
        }
    }

    private EndpointSlice sliceToFill(List<EndpointSlice> unchanged, int adding) {
        EndpointSlice best = null;
        for (EndpointSlice slice : unchanged) {
            int size = slice.getEndpoints().size();
            if (size + adding <= maxPerSlice && (best == null || size > best.getEndpoints().size())) {
                best = slice;
            }
        }
        return best;
    }

    private SlicePlan placeholder(List<EndpointSlice> existing, List<EndpointSlice> delete,
                                  List<EndpointSlice> create, List<EndpointSlice> update) {
        EndpointSlice keep = existing.stream().filter(s -> !delete.contains(s))
                .filter(s -> (s.getEndpoints() == null || s.getEndpoints().isEmpty()) && ports(s).isEmpty())
                .findFirst().orElse(null);
        for (EndpointSlice slice : existing) {
            if (slice != keep && !delete.contains(slice)) {
                delete.add(slice);
            }
        }
        if (keep == null) {
            create.add(build(null, List.of(), List.of()));
        } else if (!metadataCorrect(keep)) {
            update.add(build(keep, List.of(), List.of()));
        }
        return new SlicePlan(create, update, delete);
    }

    EndpointSlice build(EndpointSlice base, List<Endpoint> endpoints, List<EndpointPort> ports) {
        EndpointSliceBuilder builder = base == null
                ? new EndpointSliceBuilder().withNewMetadata().withGenerateName(prefix())
                        .withNamespace(service.getMetadata().getNamespace()).endMetadata()
                : new EndpointSliceBuilder(base);
        EndpointSlice slice = builder.withAddressType("IPv4").withEndpoints(new ArrayList<>(endpoints))
                .withPorts(new ArrayList<>(ports)).build();
        slice.getMetadata().setLabels(labels());
        Map<String, String> annotations = new LinkedHashMap<>(slice.getMetadata().getAnnotations() == null
                ? Map.of() : slice.getMetadata().getAnnotations());
        if (triggerTime != null) {
            annotations.put(TRIGGER_TIME_ANNOTATION, triggerTime.toString());
        }
        slice.getMetadata().setAnnotations(annotations);
        slice.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build()));
        return slice;
    }

    /** Upstream {@code setEndpointSliceLabels}: the service's labels plus the two reserved ones. */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(service.getMetadata().getLabels() == null ? Map.of() : service.getMetadata().getLabels());
        labels.remove(SERVICE_NAME_LABEL);
        labels.remove(MANAGED_BY_LABEL);
        if ("None".equals(service.getSpec().getClusterIP())) {
            labels.put(HEADLESS_LABEL, "");
        } else {
            labels.remove(HEADLESS_LABEL);
        }
        labels.put(SERVICE_NAME_LABEL, service.getMetadata().getName());
        labels.put(MANAGED_BY_LABEL, CONTROLLER_NAME);
        return labels;
    }

    private boolean metadataCorrect(EndpointSlice slice) {
        return labels().equals(slice.getMetadata().getLabels()) && slice.getMetadata().getOwnerReferences() != null
                && slice.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> Objects.equals(o.getUid(), service.getMetadata().getUid()));
    }

    /** Upstream {@code getEndpointSlicePrefix}: the service name and a dash, shortened to leave room for the suffix. */
    private String prefix() {
        String prefix = service.getMetadata().getName() + "-";
        return prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
    }

    private static List<EndpointPort> ports(EndpointSlice slice) {
        return slice.getPorts() == null ? List.of() : slice.getPorts();
    }

    private static String key(Endpoint endpoint) {
        if (endpoint.getTargetRef() != null && endpoint.getTargetRef().getUid() != null) {
            return endpoint.getTargetRef().getUid();
        }
        return String.join(",", endpoint.getAddresses());
    }

    private static Endpoint withoutResourceVersion(Endpoint endpoint) {
        if (endpoint.getTargetRef() == null || endpoint.getTargetRef().getResourceVersion() == null) {
            return endpoint;
        }
        return new EndpointBuilder(endpoint).editTargetRef().withResourceVersion(null).endTargetRef().build();
    }
}
