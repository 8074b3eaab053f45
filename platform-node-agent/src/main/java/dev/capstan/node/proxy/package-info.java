/**
 * Capstan's service proxy, kube-proxy's iptables mode: {@link dev.capstan.node.proxy.ProxyRules} computes the nat and
 * filter rules from Services and EndpointSlices (pure), {@link dev.capstan.node.proxy.ProxyRuleApplier} writes them
 * with iptables-restore through {@link dev.capstan.node.proxy.Iptables}, and
 * {@link dev.capstan.node.proxy.ServiceProxy} keeps them in step with the cluster through Fabric8 informers.
 */
package dev.capstan.node.proxy;
