package dev.capstan.node.kubelet;

import dev.capstan.node.cri.CriClient;
import dev.capstan.node.cri.CriException;
import dev.capstan.node.cri.v1.PodSandboxConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's image manager: honours {@code imagePullPolicy} (Always, IfNotPresent, Never), pulls through CRI
 * {@code PullImage}, records Pulling/Pulled Events, and after a failed pull backs off per image (ErrImagePull
 * first, then ImagePullBackOff while waiting), 10 s doubling to 5 min as upstream.
 */
public final class ImagePuller {

    /** A pull that failed or may not happen now: the waiting reason and message the container shows. */
    public static final class PullFailure extends RuntimeException {
        private final String reason;

        PullFailure(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final CriClient cri;
    private final PodEvents events;
    private final Backoff backoff;
    private final Clock clock;
    private final java.util.Map<String, Instant> lastFailure = new java.util.concurrent.ConcurrentHashMap<>();

    public ImagePuller(CriClient cri, PodEvents events, Clock clock) {
        this.cri = cri;
        this.events = events;
        this.clock = clock;
        this.backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), clock);
    }

    /** Makes sure the container's image is present; returns the image reference (id). */
    public String ensure(Pod pod, Container container, PodSandboxConfig sandbox) {
        String image = container.getImage();
        String policy = container.getImagePullPolicy() == null ? "IfNotPresent" : container.getImagePullPolicy();
        if (!"Always".equals(policy)) {
            var present = cri.imageStatus(image);
            if (present.isPresent()) {
                return present.get().getId();
            }
            if ("Never".equals(policy)) {
                String message = "Container image \"" + image + "\" is not present with pull policy of Never";
                events.warning(pod, container.getName(), "ErrImageNeverPull", message);
                throw new PullFailure("ErrImageNeverPull", message);
            }
        }
        String key = pod.getMetadata().getUid() + "/" + image;
        Instant failedAt = lastFailure.get(key);
        if (failedAt != null && backoff.inBackoffSince(key, failedAt)) {
            throw new PullFailure("ImagePullBackOff", "Back-off pulling image \"" + image + "\"");
        }
        events.normal(pod, container.getName(), "Pulling", "Pulling image \"" + image + "\"");
        Instant start = clock.instant();
        try {
            String ref = cri.pullImage(image, sandbox);
            lastFailure.remove(key);
            backoff.reset(key);
            events.normal(pod, container.getName(), "Pulled", "Successfully pulled image \"" + image + "\" in "
                    + Duration.between(start, clock.instant()).toMillis() + "ms");
            return ref;
        } catch (CriException e) {
            lastFailure.put(key, clock.instant());
            backoff.next(key);
            String message = "Failed to pull image \"" + image + "\": " + e.runtimeMessage();
            events.warning(pod, container.getName(), "Failed", message);
            throw new PullFailure("ErrImagePull", message);
        }
    }

    public void forget(String podUid) {
        lastFailure.keySet().removeIf(k -> k.startsWith(podUid + "/"));
        backoff.forgetPrefix(podUid + "/");
    }
}
