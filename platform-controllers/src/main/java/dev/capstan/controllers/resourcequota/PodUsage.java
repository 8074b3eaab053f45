package dev.capstan.controllers.resourcequota;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Upstream's pod evaluator ({@code pkg/quota/v1/evaluator/core/pods.go}): which pods count and what each
 * uses — requests and limits as the scheduler sees them (containers summed, init containers as a maximum,
 * sidecars added, overhead on top), per quota resource name.
 */
public final class PodUsage {

    private PodUsage() {
    }

    /** Upstream {@code QuotaV1Pod}: finished pods and pods past their deletion grace period use nothing. */
    public static boolean counts(Pod pod, Instant now) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            return false;
        }
        String deletion = pod.getMetadata().getDeletionTimestamp();
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        return deletion == null || grace == null || !now.isAfter(Instant.parse(deletion).plusSeconds(grace));
    }

    /** The pod's effective requests (upstream {@code resourcehelper.PodRequests}). */
    public static Map<String, Quantity> requests(Pod pod) {
        return effective(pod, c -> c.getResources() == null ? null : c.getResources().getRequests());
    }

    /** The pod's effective limits (upstream {@code resourcehelper.PodLimits}). */
    public static Map<String, Quantity> limits(Pod pod) {
        return effective(pod, c -> c.getResources() == null ? null : c.getResources().getLimits());
    }

    private static Map<String, Quantity> effective(Pod pod, Function<Container, Map<String, Quantity>> of) {
        Map<String, CanonicalQuantity> total = new LinkedHashMap<>();
        List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
        for (Container container : containers) {
            addAll(total, of.apply(container));
        }
        // Init containers run one at a time before the app containers; sidecars (restartPolicy Always) keep running.
        Map<String, CanonicalQuantity> sidecars = new LinkedHashMap<>();
        Map<String, CanonicalQuantity> initMax = new LinkedHashMap<>();
        List<Container> inits = pod.getSpec() == null || pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        for (Container init : inits) {
            Map<String, Quantity> own = of.apply(init);
            if ("Always".equals(init.getRestartPolicy())) {
                addAll(sidecars, own);
                addAll(total, own);
                continue;
            }
            Map<String, CanonicalQuantity> running = new LinkedHashMap<>();
            addAll(running, own);
            sidecars.forEach((name, q) -> running.computeIfAbsent(name, n -> new CanonicalQuantity()).add(q.value(), fmt(q)));
            running.forEach((name, q) -> {
                CanonicalQuantity max = initMax.get(name);
                if (max == null || q.value().compareTo(max.value()) > 0) {
                    initMax.put(name, q);
                }
            });
        }
        initMax.forEach((name, q) -> {
            CanonicalQuantity current = total.get(name);
            if (current == null || q.value().compareTo(current.value()) > 0) {
                total.put(name, q);
            }
        });
        if (pod.getSpec() != null && pod.getSpec().getOverhead() != null) {
            for (Map.Entry<String, Quantity> overhead : pod.getSpec().getOverhead().entrySet()) {
                // Upstream adds overhead only to resources the pod asks for at all.
                CanonicalQuantity current = total.get(overhead.getKey());
                if (current != null) {
                    current.add(overhead.getValue());
                }
            }
        }
        Map<String, Quantity> result = new LinkedHashMap<>();
        total.forEach((name, q) -> result.put(name, q.toQuantity()));
        return result;
    }

    private static CanonicalQuantity.Format fmt(CanonicalQuantity q) {
        return CanonicalQuantity.formatOf(q.toQuantity());
    }

    private static void addAll(Map<String, CanonicalQuantity> into, Map<String, Quantity> from) {
        if (from != null) {
            from.forEach((name, q) -> into.computeIfAbsent(name, n -> new CanonicalQuantity()).add(q));
        }
    }

    /** Upstream {@code podComputeUsageHelper} plus the object counts: quota resource name → usage of one pod. */
    public static Map<String, Quantity> usage(Pod pod, Instant now) {
        Map<String, Quantity> usage = new LinkedHashMap<>();
        usage.put("count/pods", new Quantity("1"));
        if (!counts(pod, now)) {
            return usage;
        }
        usage.put("pods", new Quantity("1"));
        Map<String, Quantity> requests = requests(pod);
        Map<String, Quantity> limits = limits(pod);
        for (String resource : List.of("cpu", "memory", "ephemeral-storage")) {
            if (requests.containsKey(resource)) {
                usage.put(resource, requests.get(resource));
                usage.put("requests." + resource, requests.get(resource));
            }
            if (limits.containsKey(resource)) {
                usage.put("limits." + resource, limits.get(resource));
            }
        }
        requests.forEach((resource, q) -> {
            if (!List.of("cpu", "memory", "ephemeral-storage").contains(resource)) {
                usage.put("requests." + resource, q); // hugepages and extended resources
            }
        });
        return usage;
    }

    /** Upstream's scope matching for pods; other scopes (PriorityClass, cross-namespace affinity) are not evaluated. */
    public static boolean inScope(Pod pod, String scope) {
        Long deadline = pod.getSpec() == null ? null : pod.getSpec().getActiveDeadlineSeconds();
        boolean terminating = deadline != null && deadline >= 0;
        return switch (scope) {
            case "Terminating" -> terminating;
            case "NotTerminating" -> !terminating;
            case "BestEffort" -> bestEffort(pod);
            case "NotBestEffort" -> !bestEffort(pod);
            default -> true;
        };
    }

    /** Upstream QoS: best effort when no container asks for or limits CPU or memory. */
    static boolean bestEffort(Pod pod) {
        for (Map<String, Quantity> list : List.of(requests(pod), limits(pod))) {
            for (String resource : List.of("cpu", "memory")) {
                Quantity q = list.get(resource);
                if (q != null && q.getNumericalAmount().compareTo(BigDecimal.ZERO) != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
