package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * A pod with what the scheduler computes once about it: its effective resource requests (upstream's
 * {@code computePodResourceRequest}: the sum of the containers, at least the largest init container, plus
 * the pod overhead) and the "non-zero" requests used for scoring (100m CPU and 200Mi memory for a container
 * that requests none). The pod object is shared: never modify it.
 */
public final class PodInfo {

    /** Upstream's defaults for scoring a container without requests. */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private final Pod pod;
    private final String key;
    private final Resource requests;
    private final Resource nonZeroRequests;
    private final boolean hasAffinity;
    private final boolean hasRequiredAntiAffinity;

    public PodInfo(Pod pod) {
        this.pod = pod;
        this.key = keyOf(pod);
        this.requests = computeRequests(pod, false);
        this.nonZeroRequests = computeRequests(pod, true);
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        this.hasAffinity = affinity != null && (affinity.getPodAffinity() != null || affinity.getPodAntiAffinity() != null);
        this.hasRequiredAntiAffinity = affinity != null && affinity.getPodAntiAffinity() != null
                && affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null
                && !affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty();
    }

    /** {@code namespace/name}, the queue and cache key. */
    public static String keyOf(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    public Pod pod() {
        return pod;
    }

    public String key() {
        return key;
    }

    /** The pod's effective requests; do not modify. */
    public Resource requests() {
        return requests;
    }

    /** The requests with upstream's non-zero defaults for CPU and memory, for scoring; do not modify. */
    public Resource nonZeroRequests() {
        return nonZeroRequests;
    }

    /** The pod has a pod affinity or anti-affinity of any kind. */
    public boolean hasAffinity() {
        return hasAffinity;
    }

    /** The pod has required pod anti-affinity terms. */
    public boolean hasRequiredAntiAffinity() {
        return hasRequiredAntiAffinity;
    }

    /** The pod's priority ({@code spec.priority}, resolved by admission), 0 when unset. */
    public int priority() {
        Integer priority = pod.getSpec() == null ? null : pod.getSpec().getPriority();
        return priority == null ? 0 : priority;
    }

    private static Resource computeRequests(Pod pod, boolean nonZero) {
        Resource total = new Resource();
        if (pod.getSpec() == null) {
            return total;
        }
        for (Container container : nullSafe(pod.getSpec().getContainers())) {
            total.add(containerRequests(container, nonZero));
        }
        // Upstream's rule with sidecars (init containers with restartPolicy Always): a sidecar runs alongside
        // everything after it, so each init container needs its own requests plus the sidecars started before it.
        Resource sidecars = new Resource();
        Resource initPeak = new Resource();
        for (Container init : nullSafe(pod.getSpec().getInitContainers())) {
            Resource initRequests = containerRequests(init, nonZero);
            if ("Always".equals(init.getRestartPolicy())) {
                total.add(initRequests);
                sidecars.add(initRequests);
                initPeak.setMax(sidecars);
            } else {
                initRequests.add(sidecars);
                initPeak.setMax(initRequests);
            }
        }
        total.setMax(initPeak);
        if (pod.getSpec().getOverhead() != null) {
            total.add(Resource.of(pod.getSpec().getOverhead()));
        }
        return total;
    }

    private static Resource containerRequests(Container container, boolean nonZero) {
        ResourceRequirements resources = container.getResources();
        Map<String, io.fabric8.kubernetes.api.model.Quantity> requests = resources == null ? null : resources.getRequests();
        Resource resource = Resource.of(requests);
        if (nonZero) {
            if (requests == null || !requests.containsKey(Resource.CPU)) {
                resource.setMilliCpu(DEFAULT_MILLI_CPU_REQUEST);
            }
            if (requests == null || !requests.containsKey(Resource.MEMORY)) {
                resource.setMemory(DEFAULT_MEMORY_REQUEST);
            }
        }
        return resource;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
