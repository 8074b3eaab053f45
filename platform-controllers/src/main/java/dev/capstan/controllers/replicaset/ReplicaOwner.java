package dev.capstan.controllers.replicaset;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * What the shared logic needs of a ReplicaSet or a ReplicationController (upstream runs the same controller
 * for both through conversion adapters; here each kind is read into this view).
 *
 * @param controllerUid the uid of this owner's own controller (a Deployment), or null: its pods' siblings are
 *                      ranked together when choosing which pods to delete
 */
public record ReplicaOwner(String kind, String apiVersion, String namespace, String name, String uid, long generation,
                           boolean deleting, int replicas, int minReadySeconds, LabelMatcher selector,
                           PodTemplateSpec template, ReplicaStatus status, String controllerUid) {
}
