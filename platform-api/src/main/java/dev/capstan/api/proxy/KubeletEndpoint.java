package dev.capstan.api.proxy;

import java.net.URI;

/**
 * Where a node's kubelet serves HTTPS: the address the API server dials (upstream's
 * --kubelet-preferred-address-types, InternalIP first here) and status.daemonEndpoints.kubeletEndpoint.Port.
 */
record KubeletEndpoint(String host, int port) {

    /** {@code pathAndQuery} starts with "/" and is already escaped. */
    URI uri(String pathAndQuery) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + h + ":" + port + pathAndQuery);
    }
}
