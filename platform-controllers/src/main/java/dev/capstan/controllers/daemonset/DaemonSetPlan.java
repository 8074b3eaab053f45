package dev.capstan.controllers.daemonset;

import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.util.List;

/**
 * What one sync of a DaemonSet does.
 *
 * @param createOn nodes that get a new daemon pod (of the current template)
 * @param delete   names of pods to delete
 * @param status   the new status
 */
public record DaemonSetPlan(List<String> createOn, List<String> delete, DaemonSetStatus status) {
}
