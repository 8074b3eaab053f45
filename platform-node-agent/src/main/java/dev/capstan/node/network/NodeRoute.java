package dev.capstan.node.network;

/**
 * A route to another node's pods: {@code ip route replace <destination> via <gateway>}.
 *
 * @param destination the other node's pod CIDR
 * @param gateway     the other node's InternalIP (on this node's L2 network)
 */
public record NodeRoute(Ipv4Block destination, String gateway) {
}
