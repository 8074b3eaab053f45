package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.Pod;

/** Decides a pod's resolv.conf from its {@code dnsPolicy} and {@code dnsConfig} (upstream's DNS configurer). */
@FunctionalInterface
public interface PodDns {

    PodResolvConf forPod(Pod pod);
}
