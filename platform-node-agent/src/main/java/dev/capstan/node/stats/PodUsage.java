package dev.capstan.node.stats;

import java.util.List;
import java.util.Optional;

/**
 * A pod's usage at one moment.
 *
 * @param namespace  the pod's namespace
 * @param name       the pod's name
 * @param containers its running containers, the sandbox ("POD") among them when it could be read
 * @param podCgroup  the pod-level cgroup when the pod has one (the kubelet's {@code pod<uid>} parent); empty when
 *                   the containers' cgroups have no common pod parent
 * @param total      the pod's usage: the pod cgroup's when there is one (it also counts exited containers'
 *                   CPU time), else the sum of its running containers'
 */
public record PodUsage(String namespace, String name, List<ContainerUsage> containers, Optional<String> podCgroup,
                       CgroupStats total) {
}
