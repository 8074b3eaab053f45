package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Kubelet metrics with upstream's names: {@code kubelet_running_pods}, {@code kubelet_running_containers},
 * {@code kubelet_pod_start_duration_seconds} (pod created to first seen Running, as upstream's pod start SLI).
 */
public final class KubeletMetrics {

    private final Timer podStart;
    private final Clock clock;
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    public KubeletMetrics(MeterRegistry registry, Clock clock, IntSupplier runningPods, IntSupplier runningContainers) {
        this.clock = clock;
        this.podStart = Timer.builder("kubelet_pod_start_duration_seconds")
                .description("Duration in seconds from kubelet seeing a pod for the first time to the pod starting to run")
                .publishPercentileHistogram().register(registry);
        // Strong references: the suppliers are lambdas nothing else holds.
        Gauge.builder("kubelet_running_pods", runningPods, IntSupplier::getAsInt).description("Number of pods that have a running pod sandbox")
                .strongReference(true).register(registry);
        Gauge.builder("kubelet_running_containers", runningContainers, IntSupplier::getAsInt).description("Number of running containers")
                .strongReference(true).register(registry);
    }

    void statusWritten(Pod pod, PodStatus status) {
        if ("Running".equals(status.getPhase()) && started.add(pod.getMetadata().getUid())) {
            Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
            podStart.record(Duration.between(created, clock.instant()));
        }
    }

    void forget(String uid) {
        started.remove(uid);
    }
}
