/**
 * The pod network across nodes, flannel host-gw style on one L2 network: each node's pods live in the block its
 * Node carries in {@code spec.podCIDR} ({@link dev.capstan.node.network.PodCidrSource}), every node routes the other
 * nodes' blocks to their InternalIPs ({@link dev.capstan.node.network.PodRoutes}), and only traffic leaving the
 * cluster CIDR is masqueraded ({@link dev.capstan.node.network.PodMasquerade}), so pods see each other's real IPs.
 */
package dev.capstan.node.network;
