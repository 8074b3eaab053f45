package dev.capstan.controllers.runtime;

import dev.capstan.controllers.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One Fabric8 informer per kind for the whole controller manager (upstream's shared informer factory),
 * created when a controller first asks for a kind and started together. Fabric8's informers index by
 * namespace already ({@code Cache.NAMESPACE_INDEX}), which the listers use.
 */
public final class SharedInformers implements AutoCloseable {

    private final KubernetesClient client;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new ConcurrentHashMap<>();
    private volatile boolean started;

    public SharedInformers(KubernetesClient client) {
        this.client = client;
    }

    /** The informer of a kind, created (not started) on first use. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
        SharedIndexInformer<T> informer = (SharedIndexInformer<T>) informers.get(type);
        if (informer == null) {
            informer = Namespaced.class.isAssignableFrom(type)
                    ? client.resources(type).inAnyNamespace().runnableInformer(0)
                    : client.resources(type).runnableInformer(0);
            informers.put(type, informer);
            if (started) {
                informer.start();
            }
        }
        return informer;
    }

    public <T extends HasMetadata> Lister<T> lister(Class<T> type) {
        return new CacheLister<>(informer(type));
    }

    /** Starts every informer and waits until each has listed once. */
    public void start(Duration timeout) {
        List<CompletableFuture<Void>> syncs = new ArrayList<>();
        synchronized (this) {
            started = true;
            for (SharedIndexInformer<?> informer : informers.values()) {
                syncs.add(informer.start().toCompletableFuture());
            }
        }
        try {
            CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while syncing informers", e);
        } catch (Exception e) {
            throw new IllegalStateException("informers did not sync within " + timeout + ": " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
        started = false;
    }
}
