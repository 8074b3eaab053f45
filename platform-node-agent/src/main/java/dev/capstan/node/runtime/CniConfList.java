package dev.capstan.node.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the pod network's CNI configuration list: a {@code bridge} with host-local IPAM, then {@code portmap} for
 * hostPort. The bridge is the pods' gateway and masquerades their traffic leaving the subnet ({@code ipMasq}); hairpin
 * mode lets a pod reach itself through a service IP. containerd adds the {@code loopback} plugin for {@code lo} by
 * itself.
 */
final class CniConfList {

    private static final JsonMapper JSON = JsonMapper.shared();

    private CniConfList() {
    }

    static String render(ContainerdSettings settings) {
        return render(settings, true);
    }

    /** The host-local subnet of the conflist at {@code file}; empty when there is none or it cannot be read. */
    static Optional<String> subnetIn(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String subnet = JSON.readTree(file.toFile()).at("/plugins/0/ipam/ranges/0/0/subnet").asString("");
            return subnet.isEmpty() ? Optional.empty() : Optional.of(subnet);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * @param ipMasq whether the bridge plugin masquerades traffic leaving the pod subnet; off once the agent's own
     *               rule masquerades only traffic leaving the cluster CIDR (the bridge's would also NAT pod-to-pod
     *               traffic to other nodes)
     */
    static String render(ContainerdSettings settings, boolean ipMasq) {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "host-local");
        ipam.put("ranges", List.of(List.of(Map.of("subnet", settings.podSubnet()))));
        ipam.put("routes", List.of(Map.of("dst", "0.0.0.0/0")));
        ipam.put("dataDir", settings.layout().ipamDataDir().toString());

        Map<String, Object> bridge = new LinkedHashMap<>();
        bridge.put("type", "bridge");
        bridge.put("bridge", settings.bridgeName());
        bridge.put("isGateway", true);
        bridge.put("ipMasq", ipMasq);
        bridge.put("hairpinMode", true);
        bridge.put("ipam", ipam);

        Map<String, Object> portmap = new LinkedHashMap<>();
        portmap.put("type", "portmap");
        portmap.put("capabilities", Map.of("portMappings", true));

        Map<String, Object> list = new LinkedHashMap<>();
        list.put("cniVersion", "0.4.0");
        list.put("name", ContainerdSettings.NETWORK_NAME);
        list.put("plugins", List.of(bridge, portmap));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list) + "\n";
    }
}
