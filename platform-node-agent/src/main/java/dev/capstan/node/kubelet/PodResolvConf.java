package dev.capstan.node.kubelet;

import java.util.List;

/** A pod's {@code /etc/resolv.conf} as CRI takes it: nameservers, search domains and options. */
public record PodResolvConf(List<String> servers, List<String> searches, List<String> options) {
}
