package dev.capstan.server.ha;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady write load: one ConfigMap created every {@code pace} through {@link FailoverClients}, each write
 * acknowledged by a server recorded with the name, uid and resourceVersion it was acknowledged with. Measures the
 * error window: the longest time between two acknowledged writes (at a steady pace, anything much longer than the
 * pace is time the load could not write), and counts the failed attempts.
 */
final class WriteLoad implements AutoCloseable {

    /** A write a server acknowledged. */
    record Ack(String name, String uid, String resourceVersion) {
    }

    private final FailoverClients clients;
    private final String namespace;
    private final Duration pace;
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong longestGapNanos = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException error;

    WriteLoad(FailoverClients clients, String namespace, Duration pace) {
        this.clients = clients;
        this.namespace = namespace;
        this.pace = pace;
        this.thread = new Thread(this::run, "write-load");
        this.thread.setDaemon(true);
    }

    WriteLoad start() {
        thread.start();
        return this;
    }

    private void run() {
        long lastAck = System.nanoTime();
        for (int i = 0; running; i++) {
            String name = "load-" + i;
            try {
                Ack ack = write(name, i);
                acks.add(ack);
                long now = System.nanoTime();
                longestGapNanos.accumulateAndGet(now - lastAck, Math::max);
                lastAck = now;
                Thread.sleep(pace.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                error = e; // no server answered within the deadline: the test fails on it
                return;
            }
        }
    }

    private Ack write(String name, int i) {
        ConfigMap wanted = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToData("i", Integer.toString(i)).build();
        AtomicBoolean failedBefore = new AtomicBoolean();
        try {
            ConfigMap created = clients.call(c -> c.configMaps().inNamespace(namespace).resource(wanted).create(), () -> {
                failedAttempts.incrementAndGet();
                failedBefore.set(true);
            });
            return new Ack(name, created.getMetadata().getUid(), created.getMetadata().getResourceVersion());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 || !failedBefore.get()) {
                throw e;
            }
            // an attempt whose answer was lost had committed it: the object is what the server acknowledges now
            ConfigMap stored = clients.call(c -> c.configMaps().inNamespace(namespace).withName(name).get());
            return new Ack(name, stored.getMetadata().getUid(), stored.getMetadata().getResourceVersion());
        }
    }

    List<Ack> acks() {
        return List.copyOf(acks);
    }

    long failedAttempts() {
        return failedAttempts.get();
    }

    /** The longest time between two acknowledged writes so far. */
    Duration errorWindow() {
        return Duration.ofNanos(longestGapNanos.get());
    }

    /** The error that stopped the load, or null. */
    RuntimeException error() {
        return error;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(70_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
