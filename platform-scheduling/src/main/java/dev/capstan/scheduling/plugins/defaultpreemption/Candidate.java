package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.PodInfo;
import java.util.List;

/**
 * A node where the preemptor fits once {@code victims} are gone (upstream's {@code Candidate} with its
 * {@code extenderv1.Victims}).
 *
 * @param nodeName the node to nominate
 * @param victims the pods to evict, most important first
 * @param pdbViolations how many of the victims' evictions violate a PodDisruptionBudget
 */
record Candidate(String nodeName, List<PodInfo> victims, int pdbViolations) {

    Candidate {
        victims = List.copyOf(victims);
    }
}
