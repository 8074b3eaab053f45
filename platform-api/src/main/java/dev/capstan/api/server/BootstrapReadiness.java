package dev.capstan.api.server;

/**
 * Upstream's {@code poststarthook/bootstrap-controller} readiness check: {@code /readyz} fails until this server has
 * made (or found) what every cluster has — the system namespaces and the {@code kubernetes} Service — so a client or
 * load balancer that waits for ready never sees a cluster without them (another API server on the same etcd may
 * still be creating them).
 */
public final class BootstrapReadiness {

    private volatile boolean done;

    public void markDone() {
        done = true;
    }

    public boolean isDone() {
        return done;
    }
}
