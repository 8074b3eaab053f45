package dev.capstan.scheduling.core;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells users what the scheduler decided, as upstream does: a {@code Scheduled} Event on success; on failure
 * the {@code PodScheduled=False} condition with reason {@code Unschedulable} (and the nominated node after
 * preemption) patched into the pod's status, and a {@code FailedScheduling} Warning Event. Core v1 Events,
 * so {@code kubectl describe pod} and {@code kubectl get events} show them.
 */
public final class SchedulingReporter {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final KubernetesClient client;
    private final ClusterWriter writer;
    private final String component;
    private final boolean recordEvents;

    public SchedulingReporter(KubernetesClient client, ClusterWriter writer, String component, boolean recordEvents) {
        this.client = client;
        this.writer = writer;
        this.component = component;
        this.recordEvents = recordEvents;
    }

    public void scheduled(Pod pod, String nodeName) {
        event(pod, "Normal", "Scheduled", "Successfully assigned " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + " to " + nodeName);
    }

    /** The pod fits no node: condition (only when it changed) and a Warning Event. */
    public void unschedulable(Pod pod, String message, String nominatedNodeName) {
        if (conditionChanged(pod, message) || nominatedChanged(pod, nominatedNodeName)) {
            writer.submit("status " + pod.getMetadata().getName(), () -> patchStatus(pod, message, nominatedNodeName));
        }
        event(pod, "Warning", "FailedScheduling", message);
    }

    private void patchStatus(Pod pod, String message, String nominatedNodeName) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "PodScheduled");
        condition.put("status", "False");
        condition.put("reason", "Unschedulable");
        condition.put("message", message);
        condition.put("lastProbeTime", null);
        condition.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("conditions", List.of(condition));
        if (nominatedNodeName != null) {
            status.put("nominatedNodeName", nominatedNodeName);
        }
        String patch = JSON.writeValueAsString(Map.of("status", status));
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    }

    private void event(Pod pod, String type, String reason, String message) {
        if (!recordEvents) {
            return;
        }
        writer.submit("event " + reason, () -> {
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            Event event = new EventBuilder()
                    .withNewMetadata()
                    .withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime())
                            + Long.toHexString(SEQUENCE.incrementAndGet()))
                    .withNamespace(pod.getMetadata().getNamespace())
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion("v1").withKind("Pod")
                    .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid()).withResourceVersion(pod.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent(component).endSource()
                    .withReportingComponent(component).withReportingInstance(component)
                    .withAction(reason.equals("Scheduled") ? "Binding" : "Scheduling")
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build();
            client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(event).create();
        });
    }

    private static boolean conditionChanged(Pod pod, String message) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return true;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(condition.getType())) {
                return !"False".equals(condition.getStatus()) || !"Unschedulable".equals(condition.getReason())
                        || !message.equals(condition.getMessage());
            }
        }
        return true;
    }

    private static boolean nominatedChanged(Pod pod, String nominated) {
        String current = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        return nominated != null && !nominated.equals(current);
    }
}
