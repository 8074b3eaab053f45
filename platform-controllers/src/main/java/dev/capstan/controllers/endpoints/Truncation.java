package dev.capstan.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream {@code truncateEndpoints}: beyond the capacity, keep ready addresses first and share what is
 * kept among subsets in proportion to their size (rounded up, so the last subsets get what is left).
 */
final class Truncation {

    private Truncation() {
    }

    /** Truncates {@code subsets} in place; true when anything had to go. */
    static boolean truncate(List<EndpointSubset> subsets, int capacity) {
        int ready = 0;
        int notReady = 0;
        for (EndpointSubset subset : subsets) {
            ready += subset.getAddresses().size();
            notReady += subset.getNotReadyAddresses().size();
        }
        if (ready + notReady <= capacity) {
            return false;
        }
        boolean truncateReady = ready > capacity;
        int max = truncateReady ? capacity : capacity - ready;
        int total = truncateReady ? ready : notReady;
        int canBeAdded = max;
        for (EndpointSubset subset : subsets) {
            int inSubset = truncateReady ? subset.getAddresses().size() : subset.getNotReadyAddresses().size();
            int toBeAdded = Math.min((int) Math.ceil((double) inSubset / total * max), canBeAdded);
            if (truncateReady) {
                subset.setAddresses(new ArrayList<>(subset.getAddresses().subList(0, Math.min(toBeAdded, inSubset))));
                subset.setNotReadyAddresses(new ArrayList<>());
                canBeAdded -= subset.getAddresses().size();
            } else {
                subset.setNotReadyAddresses(new ArrayList<>(subset.getNotReadyAddresses().subList(0, Math.min(toBeAdded, inSubset))));
                canBeAdded -= subset.getNotReadyAddresses().size();
            }
        }
        return true;
    }
}
