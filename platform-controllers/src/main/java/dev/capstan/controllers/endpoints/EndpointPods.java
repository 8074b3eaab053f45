package dev.capstan.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Pod facts the Endpoints and EndpointSlice controllers share (upstream's {@code podutil} and
 * {@code endpointsliceutil}): readiness, whether a pod belongs in endpoints at all, and port resolution.
 */
public final class EndpointPods {

    private EndpointPods() {
    }

    /** Upstream {@code podutil.IsPodReady}: the pod's Ready condition is True. */
    public static boolean isReady(Pod pod) {
        return readyCondition(pod) != null && "True".equals(readyCondition(pod).getStatus());
    }

    static PodCondition readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    }

    /**
     * Upstream {@code ShouldPodBeInEndpoints}: not terminal (by restart policy, as a Failed pod with
     * {@code Always} is restarted in place), has an IP, and is not being deleted unless terminating pods are wanted.
     */
    public static boolean shouldBeInEndpoints(Pod pod, boolean includeTerminating) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String restart = pod.getSpec() == null || pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        if ("Never".equals(restart) && ("Failed".equals(phase) || "Succeeded".equals(phase))) {
            return false;
        }
        if ("OnFailure".equals(restart) && "Succeeded".equals(phase)) {
            return false;
        }
        if (ip(pod) == null) {
            return false;
        }
        return includeTerminating || pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** The pod's primary IP, or null. */
    public static String ip(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        String ip = pod.getStatus().getPodIP();
        if ((ip == null || ip.isEmpty()) && pod.getStatus().getPodIPs() != null && !pod.getStatus().getPodIPs().isEmpty()) {
            ip = pod.getStatus().getPodIPs().get(0).getIp();
        }
        return ip == null || ip.isEmpty() ? null : ip;
    }

    /**
     * Upstream {@code podutil.FindPort}: a numeric targetPort as is, a named one looked up in the pod's
     * containers by name and protocol; empty when the pod has no such port (the pod then gets no
     * endpoint for this service port). An unset targetPort means the service port itself.
     */
    public static OptionalInt findPort(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
            return OptionalInt.of(servicePort.getPort());
        }
        if (target.getIntVal() != null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            return OptionalInt.of(Integer.parseInt(name));
        }
        String protocol = servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol();
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container container : pod.getSpec().getContainers()) {
                for (ContainerPort port : container.getPorts() == null ? java.util.List.<ContainerPort>of() : container.getPorts()) {
                    String portProtocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                    if (name.equals(port.getName()) && protocol.equals(portProtocol)) {
                        return OptionalInt.of(port.getContainerPort());
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Whether the service's (equality-based) selector selects these labels; a null/empty selector selects nothing here. */
    public static boolean selects(Service service, Map<String, String> labels) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        if (selector == null || selector.isEmpty() || labels == null) {
            return false;
        }
        return labels.entrySet().containsAll(selector.entrySet());
    }

    /** Upstream {@code ShouldSetHostname}: the pod's hostname when its subdomain is this service's name. */
    public static boolean shouldSetHostname(Pod pod, Service service) {
        return pod.getSpec() != null && pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
                && service.getMetadata().getName().equals(pod.getSpec().getSubdomain())
                && service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace());
    }

    /**
     * When this pod last changed in a way endpoints reflect (upstream's trigger time tracker uses the Ready
     * condition's transition, falling back to the creation time).
     */
    public static Instant lastChange(Pod pod) {
        PodCondition ready = readyCondition(pod);
        String time = ready != null && ready.getLastTransitionTime() != null ? ready.getLastTransitionTime()
                : pod.getMetadata().getCreationTimestamp();
        return parse(time);
    }

    public static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
