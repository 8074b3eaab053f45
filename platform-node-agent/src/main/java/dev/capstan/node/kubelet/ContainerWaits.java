package dev.capstan.node.kubelet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why a container is not running right now (ContainerCreating, CrashLoopBackOff, ErrImagePull,
 * ImagePullBackOff, CreateContainerConfigError, CreateContainerError), remembered between a sync that decided it
 * and the status written after it.
 */
public final class ContainerWaits {

    public record Wait(String reason, String message) {
    }

    private final Map<String, Wait> waits = new ConcurrentHashMap<>();

    public void set(String podUid, String container, String reason, String message) {
        waits.put(podUid + "/" + container, new Wait(reason, message));
    }

    public void clear(String podUid, String container) {
        waits.remove(podUid + "/" + container);
    }

    public Wait get(String podUid, String container) {
        return waits.get(podUid + "/" + container);
    }

    public void forget(String podUid) {
        waits.keySet().removeIf(k -> k.startsWith(podUid + "/"));
    }
}
