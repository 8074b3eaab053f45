package dev.capstan.node.network;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;

/** Node objects as the API has them after registration and IPAM. */
final class Nodes {

    private Nodes() {
    }

    /** A Node with {@code podCidr} (null: none yet) and InternalIP {@code ip} (null: no address). */
    static Node node(String name, String podCidr, String ip) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (podCidr != null) {
            node.withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec();
        }
        if (ip != null) {
            node.withNewStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress()
                    .addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus();
        }
        return node.build();
    }
}
