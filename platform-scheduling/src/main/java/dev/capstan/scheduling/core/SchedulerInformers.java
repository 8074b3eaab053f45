package dev.capstan.scheduling.core;

import dev.capstan.scheduling.cache.SchedulerCache;
import dev.capstan.scheduling.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The scheduler's window on the cluster: Fabric8 informers (list + watch) for pods, nodes and
 * PodDisruptionBudgets. Event handlers only route: bound pods to the cache, pending pods this scheduler
 * is responsible for to the queue, and events that may make waiting pods fit (a node added or changed, a
 * bound pod gone) wake the unschedulable set.
 */
public final class SchedulerInformers implements AutoCloseable {

    private final KubernetesClient client;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final Predicate<Pod> responsible;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<PodDisruptionBudget> budgets;

    /**
     * @param responsible whether a pending pod is this scheduler's (its {@code spec.schedulerName} is one of
     *     our profiles)
     */
    public SchedulerInformers(KubernetesClient client, SchedulerCache cache, SchedulingQueue queue, Predicate<Pod> responsible) {
        this.client = client;
        this.cache = cache;
        this.queue = queue;
        this.responsible = responsible;
    }

    /** Starts the informers and waits until each has listed once. */
    public void start(Duration syncTimeout) {
        nodes = client.nodes().runnableInformer(0);
        nodes.addEventHandler(new NodeHandler());
        pods = client.pods().inAnyNamespace().runnableInformer(0);
        pods.addEventHandler(new PodHandler());
        budgets = client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(0);
        try {
            CompletableFuture.allOf(nodes.start().toCompletableFuture(), pods.start().toCompletableFuture(),
                    budgets.start().toCompletableFuture()).get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while syncing informers", e);
        } catch (Exception e) {
            throw new IllegalStateException("scheduler informers did not sync within " + syncTimeout, e);
        }
    }

    /** The latest state of a pod by {@code namespace/name} from the informer cache, or null. */
    public Pod pod(String key) {
        return pods == null ? null : pods.getStore().getByKey(key);
    }

    /** The PodDisruptionBudgets in the informer cache. */
    public List<PodDisruptionBudget> podDisruptionBudgets() {
        return budgets == null ? List.of() : budgets.getStore().list();
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {pods, nodes, budgets}) {
            if (informer != null) {
                informer.close();
            }
        }
    }

    static boolean assigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private final class PodHandler implements ResourceEventHandler<Pod> {

        @Override
        public void onAdd(Pod pod) {
            if (assigned(pod)) {
                if (!terminal(pod)) {
                    cache.addOrUpdatePod(pod);
                }
            } else if (pending(pod)) {
                queue.add(pod);
            }
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            if (assigned(pod)) {
                if (!assigned(old)) {
                    queue.delete(pod);
                }
                if (terminal(pod)) {
                    cache.removePod(pod);
                    queue.moveAllToActiveOrBackoff();
                } else {
                    cache.addOrUpdatePod(pod);
                }
            } else if (pending(pod)) {
                if (!cache.isAssumed(pod)) {
                    queue.update(pod);
                }
            } else {
                queue.delete(pod);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            if (assigned(pod)) {
                cache.removePod(pod);
                queue.moveAllToActiveOrBackoff();
            } else {
                queue.delete(pod);
                cache.forgetPod(pod);
            }
        }

        private boolean pending(Pod pod) {
            return responsible.test(pod) && !terminal(pod) && pod.getMetadata().getDeletionTimestamp() == null;
        }
    }

    private final class NodeHandler implements ResourceEventHandler<Node> {

        @Override
        public void onAdd(Node node) {
            cache.addOrUpdateNode(node);
            queue.moveAllToActiveOrBackoff();
        }

        @Override
        public void onUpdate(Node old, Node node) {
            cache.addOrUpdateNode(node);
            if (schedulingRelevantChange(old, node)) {
                queue.moveAllToActiveOrBackoff();
            }
        }

        @Override
        public void onDelete(Node node, boolean deletedFinalStateUnknown) {
            cache.removeNode(node);
        }

        /** Upstream ignores node updates that only touch heartbeats (status conditions' times, resourceVersion). */
        private boolean schedulingRelevantChange(Node old, Node node) {
            return !java.util.Objects.equals(old.getSpec(), node.getSpec())
                    || !java.util.Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                    || !java.util.Objects.equals(old.getStatus() == null ? null : old.getStatus().getAllocatable(),
                    node.getStatus() == null ? null : node.getStatus().getAllocatable())
                    || !java.util.Objects.equals(readiness(old), readiness(node));
        }

        private String readiness(Node node) {
            if (node.getStatus() == null || node.getStatus().getConditions() == null) {
                return null;
            }
            return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                    .map(c -> c.getStatus()).findFirst().orElse(null);
        }
    }
}
