package dev.capstan.controllers.nodelifecycle;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Upstream's taint eviction controller: deletes the pods of a node with NoExecute taints they do not
 * tolerate, at once or when their {@code tolerationSeconds} run out (see {@link EvictionPlan}); evicted
 * pods first get the {@code DisruptionTarget} condition (reason {@code DeletionByTaintManager}). Keys are
 * node names; nodes without NoExecute taints cost nothing.
 */
public final class TaintEvictionController implements Controller {

    private final Lister<Node> nodes;
    private final Lister<Pod> pods;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Duration defaultTolerationSeconds;
    private final Clock clock;

    public TaintEvictionController(ControllerContext context, Duration defaultTolerationSeconds, Clock clock) {
        this.nodes = context.lister(Node.class);
        this.pods = context.lister(Pod.class);
        this.client = context.client();
        this.events = context.events("taint-eviction-controller");
        this.defaultTolerationSeconds = defaultTolerationSeconds;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "taint-eviction";
    }

    @Override
    public int workers() {
        return 2;
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Node.class);
        watches.mapped(Pod.class, pod -> pod.getSpec() == null || pod.getSpec().getNodeName() == null ? List.of()
                : List.of(new ObjectKey("", pod.getSpec().getNodeName())));
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Node node = nodes.get(null, key.name());
        List<Taint> taints = node == null || node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints().stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
        if (taints.isEmpty()) {
            return Result.done();
        }
        Instant now = clock.instant();
        Instant next = null;
        for (Pod pod : pods.list(null)) {
            if (!key.name().equals(pod.getSpec().getNodeName()) || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Instant at = EvictionPlan.evictionTime(pod, taints, now, defaultTolerationSeconds);
            if (at == null) {
                continue;
            }
            if (!at.isAfter(now)) {
                evict(pod);
            } else if (next == null || at.isBefore(next)) {
                next = at;
            }
        }
        return next == null ? Result.done() : Result.requeueAfter(Duration.between(now, next).plusMillis(50));
    }

    private void evict(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + namespace + "/" + name);
        try {
            client.pods().inNamespace(namespace).resource(pod).subresource("status").patch(
                    PatchContext.of(PatchType.STRATEGIC_MERGE), """
                    {"status":{"conditions":[{"type":"DisruptionTarget","status":"True","reason":"DeletionByTaintManager",
                    "message":"Taint manager: deleting due to NoExecute taint","lastTransitionTime":"%s"}]}}"""
                            .formatted(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            client.pods().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
