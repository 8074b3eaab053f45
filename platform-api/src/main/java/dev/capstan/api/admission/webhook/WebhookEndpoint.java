package dev.capstan.api.admission.webhook;

import dev.capstan.api.admission.ClusterReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a webhook is called: {@code clientConfig.url}, or {@code clientConfig.service} resolved to one of its
 * Endpoints' addresses and target port (the API server does not reach cluster IPs here, as upstream's endpoint
 * service resolver when it runs outside the cluster). The TLS name of a service is {@code <name>.<namespace>.svc}.
 *
 * @param uri the address to POST to
 * @param serverName the name the serving certificate must carry
 */
record WebhookEndpoint(URI uri, String serverName) {

    static WebhookEndpoint resolve(JsonNode clientConfig, ClusterReader reader) {
        if (clientConfig.path("url").isString()) {
            URI uri = URI.create(clientConfig.get("url").asString());
            return new WebhookEndpoint(uri, uri.getHost());
        }
        JsonNode service = clientConfig.path("service");
        String namespace = service.path("namespace").asString("");
        String name = service.path("name").asString("");
        int port = service.path("port").asInt(443);
        String path = service.path("path").asString("");
        ObjectNode svc = reader.get("", "services", namespace, name)
                .orElseThrow(() -> new IllegalStateException("service \"" + name + "\" not found"));
        JsonNode servicePort = null;
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (p.path("port").asInt() == port) {
                servicePort = p;
            }
        }
        if (servicePort == null) {
            throw new IllegalStateException("no service port " + port + " found for service \"" + name + "\"");
        }
        String portName = servicePort.path("name").asString("");
        ObjectNode endpoints = reader.get("", "endpoints", namespace, name)
                .orElseThrow(() -> new IllegalStateException("endpoints \"" + name + "\" not found"));
        List<String> addresses = new ArrayList<>();
        int targetPort = -1;
        for (JsonNode subset : endpoints.path("subsets")) {
            for (JsonNode p : subset.path("ports")) {
                if (p.path("name").asString("").equals(portName)) {
                    targetPort = p.path("port").asInt();
                    subset.path("addresses").forEach(addr -> addresses.add(addr.path("ip").asString()));
                }
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalStateException("no endpoints available for service \"" + name + "\"");
        }
        String ip = addresses.get(ThreadLocalRandom.current().nextInt(addresses.size()));
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return new WebhookEndpoint(URI.create("https://" + host + ":" + targetPort + path),
                name + "." + namespace + ".svc");
    }
}
