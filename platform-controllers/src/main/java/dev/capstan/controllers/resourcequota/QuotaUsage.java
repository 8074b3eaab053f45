package dev.capstan.controllers.resourcequota;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's {@code quota.CalculateUsage} with the core evaluators: the usage of every resource a quota's
 * {@code hard} names, from the namespace's objects. Names no evaluator knows keep their previous value
 * (upstream starts from the old {@code used} too), and {@code used} is masked to the names in {@code hard}.
 */
public final class QuotaUsage {

    private static final String STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
    /** Core kinds counted by name without a group: {@code configmaps} and {@code count/configmaps}. */
    private static final Set<String> CORE_COUNTED = Set.of("configmaps", "secrets", "replicationcontrollers", "resourcequotas");

    private QuotaUsage() {
    }

    public static Map<String, Quantity> used(ResourceQuota quota, NamespaceObjects objects, Instant now) {
        Map<String, Quantity> hard = quota.getSpec() == null || quota.getSpec().getHard() == null ? Map.of() : quota.getSpec().getHard();
        Map<String, Quantity> previous = quota.getStatus() == null || quota.getStatus().getUsed() == null
                ? Map.of() : quota.getStatus().getUsed();
        List<String> scopes = quota.getSpec() == null || quota.getSpec().getScopes() == null ? List.of() : quota.getSpec().getScopes();
        Map<String, CanonicalQuantity> sums = new LinkedHashMap<>();
        for (Pod pod : objects.pods()) {
            if (scopes.stream().allMatch(scope -> PodUsage.inScope(pod, scope))) {
                PodUsage.usage(pod, now).forEach((name, q) -> sums.computeIfAbsent(name, n -> new CanonicalQuantity()).add(q));
            }
        }
        for (Service service : objects.services()) {
            add(sums, "services", 1);
            add(sums, "count/services", 1);
            add(sums, "services.loadbalancers", "LoadBalancer".equals(service.getSpec().getType()) ? 1 : 0);
            add(sums, "services.nodeports", nodePorts(service));
        }
        for (PersistentVolumeClaim claim : objects.claims()) {
            String storageClass = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
            add(sums, "persistentvolumeclaims", 1);
            add(sums, "count/persistentvolumeclaims", 1);
            Quantity storage = claim.getSpec() == null || claim.getSpec().getResources() == null
                    || claim.getSpec().getResources().getRequests() == null ? null
                    : claim.getSpec().getResources().getRequests().get("storage");
            if (storageClass != null && !storageClass.isEmpty()) {
                add(sums, storageClass + STORAGE_CLASS_SUFFIX + "persistentvolumeclaims", 1);
            }
            if (storage != null) {
                sums.computeIfAbsent("requests.storage", n -> new CanonicalQuantity()).add(storage);
                if (storageClass != null && !storageClass.isEmpty()) {
                    sums.computeIfAbsent(storageClass + STORAGE_CLASS_SUFFIX + "requests.storage", n -> new CanonicalQuantity()).add(storage);
                }
            }
        }
        Map<String, Quantity> used = new LinkedHashMap<>();
        for (String name : hard.keySet()) {
            CanonicalQuantity sum = sums.get(name);
            if (sum != null) {
                used.put(name, sum.toQuantity());
            } else if (known(name, objects)) {
                used.put(name, new Quantity("0"));
            } else if (countOf(name, objects) != null) {
                used.put(name, new Quantity(String.valueOf(countOf(name, objects))));
            } else if (previous.containsKey(name)) {
                used.put(name, previous.get(name));
            }
        }
        return used;
    }

    /** Names whose evaluator exists but found nothing to add (so usage is zero, not unknown). */
    private static boolean known(String name, NamespaceObjects objects) {
        return PodResourceNames.matches(name) || name.startsWith("services") || name.equals("count/services")
                || name.equals("persistentvolumeclaims") || name.equals("count/persistentvolumeclaims")
                || name.equals("requests.storage") || name.contains(STORAGE_CLASS_SUFFIX);
    }

    /** Object counts: {@code configmaps} / {@code count/configmaps}, {@code count/deployments.apps}, ... */
    private static Integer countOf(String name, NamespaceObjects objects) {
        if (CORE_COUNTED.contains(name)) {
            return objects.counts().getOrDefault(name, 0);
        }
        if (name.startsWith("count/")) {
            String resource = name.substring("count/".length());
            return objects.counts().get(resource);
        }
        return null;
    }

    /** Node ports a service allocates: all its ports for NodePort, and for LoadBalancer unless allocation is off. */
    static int nodePorts(Service service) {
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        String type = service.getSpec().getType();
        if ("NodePort".equals(type)) {
            return ports.size();
        }
        if ("LoadBalancer".equals(type)) {
            if (Boolean.FALSE.equals(service.getSpec().getAllocateLoadBalancerNodePorts())) {
                return (int) ports.stream().filter(p -> p.getNodePort() != null && p.getNodePort() != 0).count();
            }
            return ports.size();
        }
        return 0;
    }

    private static void add(Map<String, CanonicalQuantity> sums, String name, long count) {
        sums.computeIfAbsent(name, n -> new CanonicalQuantity()).add(count);
    }
}
