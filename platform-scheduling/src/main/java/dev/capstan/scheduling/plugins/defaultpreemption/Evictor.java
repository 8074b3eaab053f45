package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.FrameworkHandle;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The side effects of preemption once a node is picked (upstream's {@code prepareCandidate}); separate so the
 * selection logic is testable without a cluster. The default is {@link VictimEvictor} over the handle's client.
 */
@FunctionalInterface
interface Evictor {

    /** Evicts {@code victims} from {@code nodeName} for {@code preemptor}; an error status when a call failed. */
    Status evict(FrameworkHandle handle, Pod preemptor, String nodeName, List<Pod> victims);
}
