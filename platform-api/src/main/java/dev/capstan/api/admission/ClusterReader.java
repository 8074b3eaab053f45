package dev.capstan.api.admission;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.api.registry.ObjectLister;
import dev.capstan.api.registry.ObjectStore;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** The reads admission plugins make (upstream's plugins read through informers; these read the store). */
public final class ClusterReader {

    private final ObjectStore store;

    public ClusterReader(ObjectStore store) {
        this.store = store;
    }

    public ObjectStore store() {
        return store;
    }

    public ResourceDefinition definition(String group, String plural) {
        return store.registry().all().stream().filter(d -> d.group().equals(group) && d.plural().equals(plural))
                .findFirst().orElseThrow(() -> new IllegalStateException("no kind " + plural + "." + group));
    }

    /** The object, or empty when it does not exist. */
    public Optional<ObjectNode> get(String group, String plural, String namespace, String name) {
        try {
            return Optional.of(store.get(definition(group, plural), namespace, name));
        } catch (ApiException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every object of the kind in {@code namespace} (all namespaces when null). */
    public List<ObjectNode> list(String group, String plural, String namespace) {
        return new ObjectLister(store.storage()).list(definition(group, plural), namespace, ListQuery.all()).items();
    }
}
