package dev.capstan.scheduling.plugins.podtopologyspread;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.Snapshot;

/**
 * The cycle's snapshot, remembered from PreFilter: PreScore only receives the feasible nodes, but scoring
 * must also count pods on nodes that were filtered out (upstream reads its shared lister there).
 *
 * @param snapshot the snapshot PreFilter was given; immutable, so copies share it
 */
record CycleSnapshot(Snapshot snapshot) implements CycleState.Data {

    @Override
    public CycleSnapshot copy() {
        return this;
    }
}
