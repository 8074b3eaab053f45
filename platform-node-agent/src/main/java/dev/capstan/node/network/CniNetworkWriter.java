package dev.capstan.node.network;

/** Writes the node's CNI network for its pod CIDR; the agent's own containerd has one (see ManagedRuntime). */
@FunctionalInterface
public interface CniNetworkWriter {

    /**
     * @param podCidr          the block pod IPs come from
     * @param bridgeMasquerade whether the bridge plugin masquerades ({@code ipMasq}); false once
     *                         {@link PodMasquerade} does it without masquerading pod-to-pod traffic
     */
    void write(String podCidr, boolean bridgeMasquerade);
}
