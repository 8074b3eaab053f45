package dev.capstan.controllers.runtime;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one controller: registers its event sources on the shared informers (handlers only compute keys and
 * add them to the controller's queue), and, once started, its worker threads take keys and reconcile them.
 * A reconcile that throws is retried with the rate limiter; one that asks to requeue is added after its
 * delay; success resets the key's backoff.
 */
public final class ControllerRunner {

    private static final Logger log = LoggerFactory.getLogger(ControllerRunner.class);

    private final Controller controller;
    private final WorkQueue<ObjectKey> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final int workerCount;

    public ControllerRunner(Controller controller, SharedInformers informers, WorkQueue<ObjectKey> queue, int workerCount) {
        this.controller = controller;
        this.queue = queue;
        this.workerCount = workerCount;
        controller.watch(new InformerWatches(informers));
    }

    public String name() {
        return controller.name();
    }

    public WorkQueue<ObjectKey> queue() {
        return queue;
    }

    /** Starts the workers; call only after the informers synced. */
    public synchronized void start() {
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, controller.name() + "-worker-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    public synchronized void stop() {
        queue.shutDown();
        for (Thread worker : workers) {
            worker.interrupt();
        }
        workers.clear();
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            ObjectKey key;
            try {
                key = queue.get();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            try {
                Result result = controller.reconcile(key);
                queue.forget(key);
                if (result != null && result.requeueAfter() != null) {
                    queue.addAfter(key, result.requeueAfter());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.info("event=reconcile_failed controller={} key={} retries={} error={}", controller.name(), key,
                        queue.retries(key), e.toString());
                queue.addRateLimited(key);
            } finally {
                queue.done(key);
            }
        }
    }

    /** Event sources on the shared informers, feeding this controller's queue. */
    private final class InformerWatches implements Watches {

        private final SharedInformers informers;

        InformerWatches(SharedInformers informers) {
            this.informers = informers;
        }

        @Override
        public <T extends HasMetadata> void self(Class<T> type) {
            mapped(type, object -> List.of(ObjectKey.of(object)));
        }

        @Override
        public <T extends HasMetadata> void controlledBy(Class<T> type, String ownerKind) {
            mapped(type, object -> {
                OwnerReference owner = controllerOf(object);
                return owner != null && ownerKind.equals(owner.getKind())
                        ? List.of(new ObjectKey(object.getMetadata().getNamespace(), owner.getName())) : List.of();
            });
        }

        @Override
        public <T extends HasMetadata> void mapped(Class<T> type, Function<T, Collection<ObjectKey>> keys) {
            informers.informer(type).addEventHandler(new ResourceEventHandler<T>() {
                @Override
                public void onAdd(T object) {
                    keys.apply(object).forEach(queue::add);
                }

                @Override
                public void onUpdate(T old, T object) {
                    keys.apply(old).forEach(queue::add);
                    keys.apply(object).forEach(queue::add);
                }

                @Override
                public void onDelete(T object, boolean deletedFinalStateUnknown) {
                    keys.apply(object).forEach(queue::add);
                }
            });
        }
    }

    /** The owner reference with {@code controller: true}, or null. */
    public static OwnerReference controllerOf(HasMetadata object) {
        if (object.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference reference : object.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(reference.getController())) {
                return reference;
            }
        }
        return null;
    }
}
