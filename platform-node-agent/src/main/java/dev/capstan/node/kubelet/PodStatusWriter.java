package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a pod's status through the {@code status} subresource when it differs from what the API has, as a
 * strategic merge patch of the fields the kubelet owns (upstream's status manager): conditions merge by type, so
 * the scheduler's PodScheduled and a controller's DisruptionTarget stay; container status lists are replaced.
 */
public final class PodStatusWriter {

    private final KubernetesClient client;

    public PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Returns true when a write was needed (and done). */
    public boolean write(Pod pod, PodStatus status) {
        if (Objects.equals(pod.getStatus(), status)) {
            return false;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("phase", status.getPhase());
        fields.put("conditions", status.getConditions());
        fields.put("hostIP", status.getHostIP());
        fields.put("hostIPs", status.getHostIPs());
        if (status.getPodIP() != null) {
            fields.put("podIP", status.getPodIP());
            fields.put("podIPs", status.getPodIPs());
        }
        fields.put("startTime", status.getStartTime());
        fields.put("initContainerStatuses", status.getInitContainerStatuses());
        fields.put("containerStatuses", status.getContainerStatuses());
        Map<String, Object> patch = Map.of("metadata", Map.of("uid", pod.getMetadata().getUid()), "status", fields);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(patch));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false; // deleted meanwhile; the worker hears of it from the informer
            }
            throw e;
        }
    }

    /** The last step of a graceful deletion: the kubelet confirms with grace 0 once nothing of the pod runs. */
    public void confirmDeletion(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
