package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records pod Events the way upstream's kubelet does ({@code source.component: kubelet}, {@code source.host}, reasons
 * Pulling, Pulled, Created, Started, Killing, BackOff, Unhealthy, Failed), so {@code kubectl describe pod} tells the
 * story. Best effort and off the pod workers' path, as upstream's event broadcaster: Events go through a bounded
 * queue to one writer thread; when the queue is full an Event is dropped (and logged), never waited for.
 */
public final class PodEvents {

    private static final Logger log = LoggerFactory.getLogger(PodEvents.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;
    private final java.util.concurrent.ThreadPoolExecutor writer = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1000), r -> {
                Thread thread = new Thread(r, "kubelet-events");
                thread.setDaemon(true);
                return thread;
            }, (task, executor) -> log.debug("event=pod_event_dropped reason=queue_full"));

    public PodEvents(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    public void normal(Pod pod, String container, String reason, String message) {
        record(pod, container, "Normal", reason, message);
    }

    public void warning(Pod pod, String container, String reason, String message) {
        record(pod, container, "Warning", reason, message);
    }

    private void record(Pod pod, String container, String type, String reason, String message) {
        writer.execute(() -> write(pod, container, type, reason, message));
    }

    private void write(Pod pod, String container, String type, String reason, String message) {
        String now = Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        var meta = pod.getMetadata();
        try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
                    .withNamespace(meta.getNamespace()).endMetadata()
                    .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withName(meta.getName())
                    .withNamespace(meta.getNamespace()).withUid(meta.getUid())
                    .withFieldPath(container == null ? null : "spec.containers{" + container + "}").endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message).withCount(1)
                    .withFirstTimestamp(now).withLastTimestamp(now)
                    .withNewSource().withComponent("kubelet").withHost(nodeName).endSource()
                    .withReportingComponent("kubelet").withReportingInstance(nodeName)
                    .build()).create();
        } catch (KubernetesClientException e) {
            log.debug("event=pod_event_not_recorded pod={}/{} reason={} error={}", meta.getNamespace(), meta.getName(), reason, e.getMessage());
        }
    }
}
