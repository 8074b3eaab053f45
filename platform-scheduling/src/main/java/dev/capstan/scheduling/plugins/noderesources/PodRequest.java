package dev.capstan.scheduling.plugins.noderesources;

import dev.capstan.scheduling.Resource;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod's effective requests prepared for checking many nodes: the non-zero extended resources in a stable
 * (sorted) order with their rejection reasons built once, so Filter neither sorts nor concatenates per node.
 *
 * @param requests the pod's effective requests; never modified
 * @param scalarNames the extended resources the pod requests (amount above zero), sorted
 * @param scalarReasons {@code "Insufficient <name>"} for each of {@code scalarNames}
 */
record PodRequest(Resource requests, String[] scalarNames, String[] scalarReasons) {

    static PodRequest of(Resource requests) {
        Map<String, Long> sorted = new TreeMap<>(requests.scalarResources());
        sorted.values().removeIf(amount -> amount == 0);
        String[] names = sorted.keySet().toArray(String[]::new);
        String[] reasons = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            reasons[i] = "Insufficient " + names[i];
        }
        return new PodRequest(requests, names, reasons);
    }

    /** Nothing requested at all: only the pod count can make the pod not fit. */
    boolean isZero() {
        return requests.milliCpu() == 0 && requests.memory() == 0 && requests.ephemeralStorage() == 0
                && scalarNames.length == 0;
    }
}
