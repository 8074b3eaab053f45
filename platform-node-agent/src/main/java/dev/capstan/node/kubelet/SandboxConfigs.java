package dev.capstan.node.kubelet;

import dev.capstan.node.cri.v1.DNSConfig;
import dev.capstan.node.cri.v1.LinuxPodSandboxConfig;
import dev.capstan.node.cri.v1.LinuxSandboxSecurityContext;
import dev.capstan.node.cri.v1.NamespaceMode;
import dev.capstan.node.cri.v1.NamespaceOption;
import dev.capstan.node.cri.v1.PodSandboxConfig;
import dev.capstan.node.cri.v1.PodSandboxMetadata;
import dev.capstan.node.cri.v1.PortMapping;
import dev.capstan.node.cri.v1.Protocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.Map;

/**
 * The CRI sandbox of a pod, as upstream's {@code generatePodSandboxConfig}: metadata, hostname, the pod's log
 * directory, DNS, host ports, host network, and the labels that let a restarted agent find it again.
 */
public final class SandboxConfigs {

    private final KubeletSettings settings;
    private final PodDns dns;

    public SandboxConfigs(KubeletSettings settings, PodDns dns) {
        this.settings = settings;
        this.dns = dns;
    }

    public PodSandboxConfig forPod(Pod pod, int attempt) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        PodSandboxConfig.Builder config = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(meta.getName()).setNamespace(meta.getNamespace())
                        .setUid(meta.getUid()).setAttempt(attempt))
                .setHostname(hostname(pod, hostNetwork))
                .setLogDirectory(logDirectory(pod).toString())
                .putAllLabels(meta.getLabels() == null ? Map.of() : meta.getLabels())
                .putLabels(RuntimeLabels.POD_NAME, meta.getName())
                .putLabels(RuntimeLabels.POD_NAMESPACE, meta.getNamespace())
                .putLabels(RuntimeLabels.POD_UID, meta.getUid())
                .putLabels(RuntimeLabels.MANAGED_BY, RuntimeLabels.MANAGER)
                .putAllAnnotations(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        PodResolvConf podDns = dns.forPod(pod);
        config.setDnsConfig(DNSConfig.newBuilder().addAllServers(podDns.servers()).addAllSearches(podDns.searches())
                .addAllOptions(podDns.options()));
        for (Container container : spec.getContainers()) {
            for (ContainerPort port : container.getPorts() == null ? java.util.List.<ContainerPort>of() : container.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    config.addPortMappings(PortMapping.newBuilder().setContainerPort(port.getContainerPort())
                            .setHostPort(port.getHostPort()).setHostIp(port.getHostIP() == null ? "" : port.getHostIP())
                            .setProtocol(protocol(port.getProtocol())));
                }
            }
        }
        LinuxSandboxSecurityContext.Builder security = LinuxSandboxSecurityContext.newBuilder()
                .setNamespaceOptions(NamespaceOption.newBuilder()
                        .setNetwork(hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD)
                        .setPid(Boolean.TRUE.equals(spec.getHostPID()) ? NamespaceMode.NODE
                                : Boolean.TRUE.equals(spec.getShareProcessNamespace()) ? NamespaceMode.POD : NamespaceMode.CONTAINER)
                        .setIpc(Boolean.TRUE.equals(spec.getHostIPC()) ? NamespaceMode.NODE : NamespaceMode.POD));
        if (spec.getSecurityContext() != null && spec.getSecurityContext().getRunAsUser() != null) {
            security.setRunAsUser(dev.capstan.node.cri.v1.Int64Value.newBuilder().setValue(spec.getSecurityContext().getRunAsUser()));
        }
        config.setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(security));
        return config.build();
    }

    /** {@code <podLogDir>/<namespace>_<name>_<uid>}, upstream's layout (log collectors rely on it). */
    public Path logDirectory(Pod pod) {
        var meta = pod.getMetadata();
        return settings.podLogDir().resolve(meta.getNamespace() + "_" + meta.getName() + "_" + meta.getUid());
    }

    private String hostname(Pod pod, boolean hostNetwork) {
        if (hostNetwork) {
            return settings.nodeName();
        }
        String hostname = pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
                ? pod.getSpec().getHostname() : pod.getMetadata().getName();
        // Upstream truncates to 63 characters (a DNS label), dropping trailing '-' or '.'.
        if (hostname.length() > 63) {
            hostname = hostname.substring(0, 63).replaceAll("[-.]+$", "");
        }
        return hostname;
    }

    private static Protocol protocol(String protocol) {
        return "UDP".equals(protocol) ? Protocol.UDP : "SCTP".equals(protocol) ? Protocol.SCTP : Protocol.TCP;
    }
}
