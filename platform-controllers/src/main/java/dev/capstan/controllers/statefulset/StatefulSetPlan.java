package dev.capstan.controllers.statefulset;

import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.List;

/**
 * What one sync of a StatefulSet does: the ordinals whose pods to create, the pods to delete (by name),
 * and the status to write.
 *
 * @param create ordinals to create, in order
 * @param delete names of pods to delete, in order
 * @param status the new status
 */
public record StatefulSetPlan(List<Integer> create, List<String> delete, StatefulSetStatus status) {
}
