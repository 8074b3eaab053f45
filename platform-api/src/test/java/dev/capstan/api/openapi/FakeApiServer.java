package dev.capstan.api.openapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.capstan.api.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Just enough of an apiserver for kubectl explain: legacy (unaggregated) discovery, /version and the OpenAPI
 * documents, on 127.0.0.1. Everything else is 404, as upstream answers for unknown paths.
 */
final class FakeApiServer implements AutoCloseable {

    private final HttpServer server;
    private final List<ApiKind> kinds;
    private final OpenApiDocuments documents;

    FakeApiServer(List<ApiKind> kinds) throws IOException {
        this.kinds = kinds;
        this.documents = new OpenApiDocuments(kinds);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<ObjectNode> body = route(exchange.getRequestURI().getPath());
            byte[] bytes = Json.write(body.orElseGet(FakeApiServer::notFound));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(body.isPresent() ? 200 : 404, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Optional<ObjectNode> route(String path) {
        return switch (path) {
            case "/version" -> Optional.of(version());
            case "/api" -> Optional.of(apiVersions());
            case "/apis" -> Optional.of(groups());
            case "/openapi/v2" -> Optional.of(documents.v2());
            case "/openapi/v3" -> Optional.of(documents.v3Index());
            default -> path.startsWith("/openapi/v3/") ? documents.v3(path.substring("/openapi/v3/".length()))
                    : resources(path.substring(1));
        };
    }

    private static ObjectNode version() {
        ObjectNode version = Json.object();
        version.put("major", "1");
        version.put("minor", "32");
        version.put("gitVersion", "v1.32.0");
        version.put("platform", "linux/amd64");
        return version;
    }

    private ObjectNode apiVersions() {
        ObjectNode api = Json.object();
        api.put("kind", "APIVersions");
        api.putArray("versions").add("v1");
        ObjectNode address = api.putArray("serverAddressByClientCIDRs").addObject();
        address.put("clientCIDR", "0.0.0.0/0");
        address.put("serverAddress", "127.0.0.1");
        return api;
    }

    private ObjectNode groups() {
        Map<String, String> versions = new TreeMap<>();
        kinds.stream().filter(k -> !k.group().isEmpty()).forEach(k -> versions.put(k.group(), k.version()));
        ObjectNode list = Json.object();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        versions.forEach((group, version) -> {
            ObjectNode entry = groups.addObject();
            entry.put("name", group);
            ObjectNode gv = Json.object();
            gv.put("groupVersion", group + "/" + version);
            gv.put("version", version);
            entry.putArray("versions").add(gv);
            entry.set("preferredVersion", gv.deepCopy());
        });
        return list;
    }

    /** The APIResourceList of "api/v1" or "apis/apps/v1", or empty for anything else. */
    private Optional<ObjectNode> resources(String groupVersionPath) {
        List<ApiKind> served = kinds.stream().filter(k -> k.groupVersionPath().equals(groupVersionPath)).toList();
        if (served.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        ApiKind first = served.get(0);
        list.put("groupVersion", first.group().isEmpty() ? first.version() : first.group() + "/" + first.version());
        ArrayNode resources = list.putArray("resources");
        for (ApiKind kind : served) {
            ObjectNode resource = resources.addObject();
            resource.put("name", kind.plural());
            resource.put("singularName", kind.kind().toLowerCase());
            resource.put("namespaced", kind.namespaced());
            resource.put("kind", kind.kind());
            ArrayNode verbs = resource.putArray("verbs");
            kind.verbs().stream().sorted().forEach(verbs::add);
            for (String subresource : kind.subresources()) {
                ObjectNode sub = resources.addObject();
                sub.put("name", kind.plural() + "/" + subresource);
                sub.put("singularName", "");
                sub.put("namespaced", kind.namespaced());
                sub.put("kind", kind.kind());
                sub.putArray("verbs").add("get");
            }
        }
        return Optional.of(list);
    }

    private static ObjectNode notFound() {
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("status", "Failure");
        status.put("reason", "NotFound");
        status.put("code", 404);
        return status;
    }
}
