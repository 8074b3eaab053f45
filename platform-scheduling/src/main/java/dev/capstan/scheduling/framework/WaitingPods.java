package dev.capstan.scheduling.framework;

import dev.capstan.scheduling.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pods held by Permit plugins that returned WAIT: the binding cycle blocks in {@link #await} until every
 * waiting plugin allowed the pod, one rejected it, or the timeout passed.
 */
public final class WaitingPods {

    private record Waiting(Set<String> pendingPlugins, CompletableFuture<Status> outcome) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    /** Registers a pod waiting for the named plugins. */
    public void add(String podKey, Set<String> plugins) {
        waiting.put(podKey, new Waiting(ConcurrentHashMap.newKeySet(), new CompletableFuture<>()));
        waiting.get(podKey).pendingPlugins().addAll(plugins);
    }

    public void allow(String podKey, String plugin) {
        Waiting entry = waiting.get(podKey);
        if (entry != null) {
            entry.pendingPlugins().remove(plugin);
            if (entry.pendingPlugins().isEmpty()) {
                entry.outcome().complete(Status.success());
            }
        }
    }

    public void reject(String podKey, String plugin, String message) {
        Waiting entry = waiting.get(podKey);
        if (entry != null) {
            entry.outcome().complete(Status.unschedulable(message).withPlugin(plugin));
        }
    }

    /** Blocks until the pod is allowed or rejected; a timeout is a rejection, as upstream. */
    public Status await(String podKey, Duration timeout) {
        Waiting entry = waiting.get(podKey);
        if (entry == null) {
            return Status.success();
        }
        try {
            return entry.outcome().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Status.unschedulable("rejected due to timeout after waiting " + timeout.toSeconds() + "s at plugin "
                    + String.join(",", entry.pendingPlugins()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.error("interrupted while waiting on permit");
        } catch (ExecutionException e) {
            return Status.error(String.valueOf(e.getCause()));
        } finally {
            waiting.remove(podKey);
        }
    }

    /** Whether the pod is waiting in Permit. */
    public boolean contains(String podKey) {
        return waiting.containsKey(podKey);
    }
}
