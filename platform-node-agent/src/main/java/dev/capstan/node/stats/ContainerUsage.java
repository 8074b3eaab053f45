package dev.capstan.node.stats;

import java.time.Instant;

/**
 * A running container's (or a pod sandbox's) usage at one moment.
 *
 * @param containerName the Kubernetes container name; upstream's "POD" for the sandbox
 * @param containerId   the CRI container id (cAdvisor's "name" label under containerd)
 * @param image         the image the container runs, as the CRI reports it
 * @param cgroup        the container's cgroup path (cAdvisor's "id" label)
 * @param startedAt     when the container started
 * @param stats         its cgroup's figures
 */
public record ContainerUsage(String containerName, String containerId, String image, String cgroup,
                             Instant startedAt, CgroupStats stats) {

    /** Upstream's container name for the pod's infrastructure (pause) container. */
    public static final String SANDBOX_NAME = "POD";

    public boolean isSandbox() {
        return SANDBOX_NAME.equals(containerName);
    }
}
