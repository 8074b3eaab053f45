package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;

/**
 * Approves, rejects or delays binding (gang scheduling, quotas). A WAIT result holds the pod in the binding
 * cycle until some plugin calls {@link FrameworkHandle#allow} or {@link FrameworkHandle#reject}, or the
 * timeout passes (then it is rejected).
 */
public interface PermitPlugin extends Plugin {

    PermitResult permit(CycleState state, Pod pod, String nodeName);

    /**
     * @param status SUCCESS, WAIT or a rejection
     * @param timeout how long to wait on WAIT
     */
    record PermitResult(Status status, Duration timeout) {

        public static PermitResult allow() {
            return new PermitResult(Status.success(), Duration.ZERO);
        }

        public static PermitResult waitFor(Duration timeout) {
            return new PermitResult(Status.waiting(), timeout);
        }
    }
}
