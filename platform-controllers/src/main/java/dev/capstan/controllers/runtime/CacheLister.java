package dev.capstan.controllers.runtime;

import dev.capstan.controllers.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link Lister} over a shared informer's indexed cache. */
final class CacheLister<T extends HasMetadata> implements Lister<T> {

    private final SharedIndexInformer<T> informer;

    CacheLister(SharedIndexInformer<T> informer) {
        this.informer = informer;
    }

    @Override
    public T get(String namespace, String name) {
        String key = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
        T found = informer.getIndexer().getByKey(key);
        if (found == null && namespace != null && !namespace.isEmpty()) {
            found = informer.getIndexer().getByKey(name); // cluster-scoped kind asked with a namespace
        }
        return found;
    }

    @Override
    public List<T> list(String namespace) {
        if (namespace == null) {
            return informer.getIndexer().list();
        }
        return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    @Override
    public List<T> list(String namespace, Map<String, String> labels) {
        List<T> matching = new ArrayList<>();
        for (T object : list(namespace)) {
            Map<String, String> have = object.getMetadata().getLabels();
            if (labels.isEmpty() || (have != null && have.entrySet().containsAll(labels.entrySet()))) {
                matching.add(object);
            }
        }
        return matching;
    }
}
