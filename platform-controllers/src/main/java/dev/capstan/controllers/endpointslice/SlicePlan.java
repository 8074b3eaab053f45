package dev.capstan.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/** What a sync writes: slices to create (generateName), to update (full objects) and to delete. */
public record SlicePlan(List<EndpointSlice> create, List<EndpointSlice> update, List<EndpointSlice> delete) {

    public boolean empty() {
        return create.isEmpty() && update.isEmpty() && delete.isEmpty();
    }
}
