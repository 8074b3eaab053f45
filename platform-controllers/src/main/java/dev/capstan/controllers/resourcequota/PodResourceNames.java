package dev.capstan.controllers.resourcequota;

import java.util.Set;

/** The quota resource names the pod evaluator answers for (upstream {@code podResources} and prefixes). */
final class PodResourceNames {

    private static final Set<String> NAMES = Set.of("pods", "count/pods", "cpu", "memory", "ephemeral-storage",
            "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
            "limits.ephemeral-storage");

    private PodResourceNames() {
    }

    static boolean matches(String name) {
        return NAMES.contains(name) || name.startsWith("requests.") && !name.equals("requests.storage")
                || name.startsWith("hugepages-");
    }
}
