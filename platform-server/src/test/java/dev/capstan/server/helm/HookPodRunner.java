package dev.capstan.server.helm;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the kubelet for a hook Job's pods while no node agent runs: every pod matching the selector that
 * appears is finished with exit code 0 through the status subresource, as a kubelet reports a container that
 * ran to completion. Helm waits for a hook Job to complete, so without this the install would hang.
 */
final class HookPodRunner implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final Watch watch;

    HookPodRunner(KubernetesClient client, String namespace, String labelSelector) {
        this.client = client;
        this.namespace = namespace;
        this.watch = client.pods().inNamespace(namespace).withLabelSelector(labelSelector).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action != Action.DELETED && pod.getMetadata().getDeletionTimestamp() == null && !done(pod)) {
                    succeed(pod);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // closed by close(); a broken watch shows as a hook that never completes
            }
        });
    }

    /** The pods this runner finished. */
    List<String> finished() {
        return List.copyOf(finished);
    }

    private static boolean done(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private void succeed(Pod pod) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        var container = pod.getSpec().getContainers().get(0);
        String status = """
                {"status":{"phase":"Succeeded","containerStatuses":[{"name":"%s","image":"%s","imageID":"","ready":false,
                  "restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed","startedAt":"%s","finishedAt":"%s"}}}]}}
                """.formatted(container.getName(), container.getImage(), now, now);
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), status);
        finished.add(pod.getMetadata().getName());
    }

    @Override
    public void close() {
        watch.close();
    }
}
