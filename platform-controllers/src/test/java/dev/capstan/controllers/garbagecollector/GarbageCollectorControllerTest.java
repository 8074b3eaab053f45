package dev.capstan.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which keys an event queues: the event handlers only read the caches, so in-memory listers suffice. */
class GarbageCollectorControllerTest {

    private final Map<Class<?>, List<HasMetadata>> caches = new HashMap<>();
    private final GarbageCollectorController controller = new GarbageCollectorController(new MemoryContext());

    @Test
    void anOwnedObjectQueuesItselfAndNothingElseWhileItsOwnerIsLive() {
        ConfigMap owner = cache(configMap("owner", "owner-uid", null));
        Pod pod = cache(pod("p", "owner-uid"));

        assertThat(controller.keysFor("Pod", pod)).containsExactly(key("Pod", "p"));
        assertThat(controller.keysFor("ConfigMap", owner)).isEmpty();
    }

    @Test
    void aDeletedOwnerQueuesItsDependents() {
        ConfigMap owner = configMap("owner", "owner-uid", null); // not in the cache: deleted
        cache(pod("p", "owner-uid"));
        cache(configMap("c", "c-uid", "owner-uid"));
        cache(pod("unrelated", "someone-else"));

        assertThat(controller.keysFor("ConfigMap", owner)).containsExactlyInAnyOrder(key("Pod", "p"), key("ConfigMap", "c"));
    }

    @Test
    void aDeletedDependentQueuesItsOwnerWhichMayBeWaitingForIt() {
        cache(configMap("owner", "owner-uid", null));
        Pod gone = pod("p", "owner-uid");

        assertThat(controller.keysFor("Pod", gone)).containsExactly(key("ConfigMap", "owner"));
    }

    @Test
    void anOwnerDeletingInTheForegroundQueuesItselfAndItsDependents() {
        ConfigMap owner = cache(new ConfigMapBuilder(configMap("owner", "owner-uid", null)).editMetadata()
                .withDeletionTimestamp("2024-01-01T00:00:00Z").withFinalizers(GarbageCollection.FOREGROUND).endMetadata().build());
        cache(pod("p", "owner-uid"));

        assertThat(controller.keysFor("ConfigMap", owner)).containsExactlyInAnyOrder(key("ConfigMap", "owner"), key("Pod", "p"));
    }

    @Test
    void anOwnerDeletingWithOrphanQueuesItself() {
        ConfigMap owner = cache(new ConfigMapBuilder(configMap("owner", "owner-uid", null)).editMetadata()
                .withDeletionTimestamp("2024-01-01T00:00:00Z").withFinalizers(GarbageCollection.ORPHAN).endMetadata().build());

        assertThat(controller.keysFor("ConfigMap", owner)).containsExactly(key("ConfigMap", "owner"));
    }

    private static ObjectKey key(String kind, String name) {
        return new GcKey(kind, "ns", name).toObjectKey();
    }

    private <T extends HasMetadata> T cache(T object) {
        caches.computeIfAbsent(object.getClass(), c -> new ArrayList<>()).add(object);
        return object;
    }

    private static ConfigMap configMap(String name, String uid, String ownerUid) {
        ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(uid).endMetadata();
        if (ownerUid != null) {
            b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                    .withName("owner").withUid(ownerUid).build()).endMetadata();
        }
        return b.build();
    }

    private static Pod pod(String name, String ownerUid) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("owner")
                        .withUid(ownerUid).build()).endMetadata().build();
    }

    private final class MemoryContext implements ControllerContext {

        @Override
        public KubernetesClient client() {
            return null;
        }

        @Override
        public <T extends HasMetadata> Lister<T> lister(Class<T> type) {
            return new Lister<>() {
                @Override
                public T get(String namespace, String name) {
                    return list(namespace).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElse(null);
                }

                @Override
                public List<T> list(String namespace) {
                    return caches.getOrDefault(type, List.of()).stream().map(type::cast)
                            .filter(o -> namespace == null || namespace.equals(o.getMetadata().getNamespace())).toList();
                }

                @Override
                public List<T> list(String namespace, Map<String, String> labels) {
                    return list(namespace);
                }
            };
        }

        @Override
        public EventRecorder events(String component) {
            return null;
        }
    }
}
