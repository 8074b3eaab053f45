package dev.capstan.controllers;

/**
 * A controller: a {@link Reconciler} with a name and the objects it watches. A Spring bean; the controller
 * manager gives each one its own rate-limited work queue and {@link #workers()} worker threads, which start
 * only once every informer it watches has synced. Switch one off with
 * {@code capstan.controllers.<name>.enabled=false}.
 */
public interface Controller extends Reconciler {

    /** Upstream's controller name where one exists ({@code replicaset}, {@code deployment}, {@code job}, ...). */
    String name();

    /** Declares which objects' events queue which keys. Event handlers only compute keys. */
    void watch(Watches watches);

    /** Concurrent workers (upstream's {@code --concurrent-*-syncs}); keys are never processed twice at once. */
    default int workers() {
        return 5;
    }
}
