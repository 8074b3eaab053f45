package dev.capstan.api.admission;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.builtin.BuiltInResources;
import dev.capstan.api.json.Json;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.registry.WriteOptions;
import dev.capstan.api.security.UserInfo;
import dev.capstan.store.embedded.EmbeddedStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/** A real ObjectStore on an embedded store in a temporary directory, with the plugins under test. */
final class AdmissionFixture implements AutoCloseable {

    final EmbeddedStorage storage;
    final ObjectStore store;
    final ClusterReader reader;

    AdmissionFixture(Path dir, Function<ClusterReader, List<AdmissionPlugin>> plugins) {
        storage = EmbeddedStorage.open(dir);
        store = new ObjectStore(storage, new ResourceRegistry(BuiltInResources.definitions()), Clock.systemUTC());
        reader = new ClusterReader(store);
        store.useAdmission(new AdmissionChain(plugins.apply(reader), Set.of()));
    }

    ResourceDefinition def(String group, String plural) {
        return reader.definition(group, plural);
    }

    ObjectNode create(String group, String plural, String namespace, String json) {
        return store.create(def(group, plural), namespace, Json.parseObject(json.getBytes()), WriteOptions.defaults());
    }

    ObjectNode createAs(UserInfo user, List<String> warnings, String group, String plural, String namespace, String json) {
        return store.create(def(group, plural), namespace, Json.parseObject(json.getBytes()),
                new WriteOptions(false, null, user, warnings, null));
    }

    /** A create whose audit annotations land in {@code auditAnnotations}, as a request's audit event gets them. */
    ObjectNode createAudited(UserInfo user, Map<String, String> auditAnnotations, String group, String plural,
            String namespace, String json) {
        return store.create(def(group, plural), namespace, Json.parseObject(json.getBytes()),
                new WriteOptions(false, null, user, null, null, auditAnnotations));
    }

    void namespace(String name, String labelsJson) {
        create("", "namespaces", null, "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labelsJson + "}}");
    }

    @Override
    public void close() {
        storage.close();
    }
}
