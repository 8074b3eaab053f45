package dev.capstan.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;

/** How the Job controller classifies its pods (upstream's FilterActivePods, IsPodReady, pod finish time). */
final class JobPods {

    private JobPods() {
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    static boolean succeeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    static boolean failed(Pod pod) {
        return "Failed".equals(phase(pod));
    }

    static boolean finished(Pod pod) {
        return succeeded(pod) || failed(pod);
    }

    /** Running or about to: not finished and not being deleted. */
    static boolean active(Pod pod) {
        return !finished(pod) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** Being deleted but not finished: upstream's status.terminating. */
    static boolean terminating(Pod pod) {
        return !finished(pod) && pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean ready(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    static boolean scheduled(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    /**
     * When a finished pod finished, as upstream's getFinishedTime: the latest container termination, else the
     * Ready condition's last transition, else the creation time (a kubelet always reports one of the first two).
     */
    static Instant finishTime(Pod pod) {
        Instant latest = null;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                if (status.getState() != null && status.getState().getTerminated() != null
                        && status.getState().getTerminated().getFinishedAt() != null) {
                    Instant at = Instant.parse(status.getState().getTerminated().getFinishedAt());
                    latest = latest == null || at.isAfter(latest) ? at : latest;
                }
            }
        }
        if (latest != null) {
            return latest;
        }
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition condition : pod.getStatus().getConditions()) {
                if ("Ready".equals(condition.getType()) && condition.getLastTransitionTime() != null) {
                    return Instant.parse(condition.getLastTransitionTime());
                }
            }
        }
        String created = pod.getMetadata().getCreationTimestamp();
        return created == null ? Instant.EPOCH : Instant.parse(created);
    }

    static Instant created(Pod pod) {
        String created = pod.getMetadata().getCreationTimestamp();
        return created == null ? Instant.EPOCH : Instant.parse(created);
    }
}
