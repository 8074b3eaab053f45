package dev.capstan.node.kubelet;

/**
 * The labels and annotations upstream's kubelet puts on CRI sandboxes and containers. The runtime is the
 * kubelet's memory: every decision after a restart is rebuilt from them, so a restarted agent adopts its
 * running pods instead of starting them again. Tools such as crictl show the same names.
 */
public final class RuntimeLabels {

    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    /** Marks what this agent created (upstream: {@code io.kubernetes.container.manager=kubelet}... on dockershim). */
    public static final String MANAGED_BY = "io.capstan.managed-by";
    public static final String MANAGER = "capstan-node-agent";

    public static final String RESTART_COUNT = "io.kubernetes.container.restartCount";
    public static final String CONTAINER_HASH = "io.kubernetes.container.hash";
    public static final String TERMINATION_MESSAGE_PATH = "io.kubernetes.container.terminationMessagePath";
    public static final String GRACE_PERIOD = "io.kubernetes.pod.terminationGracePeriod";
    public static final String INIT_CONTAINER = "io.capstan.container.init";

    private RuntimeLabels() {
    }
}
