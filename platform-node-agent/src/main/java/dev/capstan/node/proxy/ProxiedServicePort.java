package dev.capstan.node.proxy;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One port of one Service as the proxy sees it (kube-proxy's {@code ServicePortName} + {@code ServicePort} info).
 *
 * @param namespace             service namespace
 * @param serviceName           service name
 * @param portName              the service port's name, {@code ""} when unnamed (single-port services)
 * @param protocol              {@code TCP}, {@code UDP} or {@code SCTP}
 * @param clusterIp             the IPv4 cluster IP
 * @param port                  the service port
 * @param nodePort              the node port, 0 when the service has none
 * @param externalIps           {@code spec.externalIPs} plus load-balancer ingress IPs, all treated alike
 * @param affinityTimeoutSeconds ClientIP affinity timeout, 0 when {@code sessionAffinity} is not ClientIP
 */
public record ProxiedServicePort(String namespace, String serviceName, String portName, String protocol,
                                 String clusterIp, int port, int nodePort, List<String> externalIps,
                                 int affinityTimeoutSeconds) {

    /** Upstream's default {@code sessionAffinityConfig.clientIP.timeoutSeconds}: 3 hours. */
    public static final int DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

    /** kube-proxy's {@code ServicePortName.String()}: {@code ns/name:port}, or {@code ns/name} for an unnamed port. */
    public String servicePortName() {
        return namespace + "/" + serviceName + (portName.isEmpty() ? "" : ":" + portName);
    }

    /** The iptables protocol name, lower case. */
    public String iptablesProtocol() {
        return protocol.toLowerCase(Locale.ROOT);
    }

    public String serviceChain() {
        return ChainNames.serviceChain(servicePortName(), protocol);
    }

    public String endpointChain(String endpoint) {
        return ChainNames.endpointChain(servicePortName(), protocol, endpoint);
    }

    /**
     * The proxied ports of a Service; empty for services kube-proxy skips: headless ({@code clusterIP: None}),
     * ExternalName, no cluster IP yet, or an IPv6 cluster IP (Capstan's proxy is IPv4 only).
     */
    public static List<ProxiedServicePort> of(Service service) {
        var spec = service.getSpec();
        if (spec == null || spec.getPorts() == null) {
            return List.of();
        }
        String clusterIp = spec.getClusterIP();
        if (clusterIp == null || clusterIp.isEmpty() || "None".equals(clusterIp) || clusterIp.contains(":")
                || "ExternalName".equals(spec.getType())) {
            return List.of();
        }
        boolean hasNodePorts = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
        Set<String> external = new LinkedHashSet<>();
        if (spec.getExternalIPs() != null) {
            spec.getExternalIPs().stream().filter(ip -> !ip.contains(":")).forEach(external::add);
        }
        if ("LoadBalancer".equals(spec.getType()) && service.getStatus() != null
                && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
                if (ingress.getIp() != null && !ingress.getIp().contains(":")) {
                    external.add(ingress.getIp());
                }
            }
        }
        int affinity = 0;
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            affinity = DEFAULT_AFFINITY_TIMEOUT_SECONDS;
            var config = spec.getSessionAffinityConfig();
            if (config != null && config.getClientIP() != null && config.getClientIP().getTimeoutSeconds() != null) {
                affinity = config.getClientIP().getTimeoutSeconds();
            }
        }
        List<ProxiedServicePort> ports = new ArrayList<>();
        for (ServicePort sp : spec.getPorts()) {
            if (sp.getPort() == null) {
                continue;
            }
            String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol().toUpperCase(Locale.ROOT);
            int nodePort = hasNodePorts && sp.getNodePort() != null ? sp.getNodePort() : 0;
            ports.add(new ProxiedServicePort(service.getMetadata().getNamespace(), service.getMetadata().getName(),
                    sp.getName() == null ? "" : sp.getName(), protocol, clusterIp, sp.getPort(), nodePort,
                    List.copyOf(external), affinity));
        }
        return ports;
    }
}
