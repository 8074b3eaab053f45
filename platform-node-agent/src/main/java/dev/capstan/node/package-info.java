/**
 * Capstan's node agent: the kubelet ({@code kubelet}: pods in containerd over CRI), the service proxy
 * ({@code proxy}: iptables) and cluster DNS ({@code dns}). Reaches the cluster only through the Fabric8 client.
 */
package dev.capstan.node;
