package dev.capstan.controllers.runtime;

import dev.capstan.controllers.EventRecorder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes core/v1 Events (what {@code kubectl describe} and {@code kubectl get events} read) on a small
 * pool with a bounded backlog; under overload events are dropped, never the caller slowed down.
 */
public final class ClusterEventRecorder implements AutoCloseable {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final KubernetesClient client;
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000), runnable -> {
                Thread thread = new Thread(runnable, "controller-events");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

    public ClusterEventRecorder(KubernetesClient client) {
        this.client = client;
    }

    /** A recorder that reports as {@code component}. */
    public EventRecorder forComponent(String component) {
        return new EventRecorder() {
            @Override
            public void normal(HasMetadata object, String reason, String message) {
                record(component, object, "Normal", reason, message);
            }

            @Override
            public void warning(HasMetadata object, String reason, String message) {
                record(component, object, "Warning", reason, message);
            }
        };
    }

    private void record(String component, HasMetadata object, String type, String reason, String message) {
        String namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
        writer.execute(() -> {
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            Event event = new EventBuilder()
                    .withNewMetadata().withNamespace(namespace)
                    .withName(object.getMetadata().getName() + "." + Long.toHexString(System.nanoTime())
                            + Long.toHexString(SEQUENCE.incrementAndGet()))
                    .endMetadata()
                    .withNewInvolvedObject().withApiVersion(object.getApiVersion()).withKind(object.getKind())
                    .withNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
                    .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent(component).endSource()
                    .withReportingComponent(component)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build();
            try {
                client.v1().events().inNamespace(namespace).resource(event).create();
            } catch (RuntimeException e) {
                // events are best effort, as upstream's broadcaster
            }
        });
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
