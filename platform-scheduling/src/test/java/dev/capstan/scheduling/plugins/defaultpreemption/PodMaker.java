package dev.capstan.scheduling.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds test pods the way upstream's {@code st.MakePod()} does. */
final class PodMaker {

    private final PodBuilder builder;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, Quantity> requests = new LinkedHashMap<>();

    private PodMaker(String name) {
        builder = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(name)
                .endMetadata().withNewSpec().endSpec().withNewStatus().endStatus();
    }

    static PodMaker pod(String name) {
        return new PodMaker(name);
    }

    PodMaker priority(int priority) {
        builder.editSpec().withPriority(priority).endSpec();
        return this;
    }

    PodMaker node(String nodeName) {
        builder.editSpec().withNodeName(nodeName).endSpec();
        return this;
    }

    /** Requests {@code milliCpu} CPU and {@code memory} bytes, as upstream's small/medium/large resources. */
    PodMaker req(int milliCpu, int memory) {
        requests.put("cpu", new Quantity(milliCpu + "m"));
        requests.put("memory", new Quantity(String.valueOf(memory)));
        return this;
    }

    PodMaker label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    PodMaker namespace(String namespace) {
        builder.editMetadata().withNamespace(namespace).endMetadata();
        return this;
    }

    /** Started {@code seconds} after the epoch (upstream's epochTime1..6). */
    PodMaker startTime(int seconds) {
        builder.editStatus().withStartTime(Instant.ofEpochSecond(seconds).toString()).endStatus();
        return this;
    }

    PodMaker terminating() {
        builder.editMetadata().withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata();
        return this;
    }

    /** The condition the scheduler puts on its victims before deleting them. */
    PodMaker preemptedByScheduler() {
        builder.editStatus().addToConditions(new PodConditionBuilder().withType("DisruptionTarget")
                .withStatus("True").withReason("PreemptionByScheduler").build()).endStatus();
        return this;
    }

    PodMaker nominatedNode(String nodeName) {
        builder.editStatus().withNominatedNodeName(nodeName).endStatus();
        return this;
    }

    PodMaker preemptionPolicy(String policy) {
        builder.editSpec().withPreemptionPolicy(policy).endSpec();
        return this;
    }

    Pod obj() {
        builder.editMetadata().withLabels(labels.isEmpty() ? null : labels).endMetadata();
        builder.editSpec().withContainers(new ContainerBuilder().withName("c").withNewResources()
                .withRequests(requests.isEmpty() ? null : requests).endResources().build()).endSpec();
        return builder.build();
    }
}
