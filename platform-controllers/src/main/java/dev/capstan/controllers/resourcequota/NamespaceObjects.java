package dev.capstan.controllers.resourcequota;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;

/**
 * What a namespace holds, as quota evaluation needs it: pods, services and claims in full, everything else
 * as a count per quota resource name ({@code configmaps}, {@code secrets}, {@code deployments.apps}, ...).
 */
public record NamespaceObjects(List<Pod> pods, List<Service> services, List<PersistentVolumeClaim> claims,
                               Map<String, Integer> counts) {
}
