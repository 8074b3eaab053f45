package dev.capstan.api.security.rbac;

import dev.capstan.api.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** RBAC objects for tests, written as JSON. */
final class InMemoryPolicy implements PolicySource {

    final List<ObjectNode> objects = new ArrayList<>();

    InMemoryPolicy add(String json) {
        objects.add(Json.parseObject(json.replace('\'', '"').getBytes()));
        return this;
    }

    InMemoryPolicy bootstrap() {
        objects.addAll(BootstrapPolicy.objects());
        return this;
    }

    private List<ObjectNode> of(String kind, String namespace) {
        return objects.stream().filter(o -> o.path("kind").asString().equals(kind))
                .filter(o -> namespace == null || namespace.equals(o.path("metadata").path("namespace").asString(""))).toList();
    }

    @Override
    public List<ObjectNode> clusterRoleBindings() {
        return of("ClusterRoleBinding", null);
    }

    @Override
    public List<ObjectNode> roleBindings(String namespace) {
        return of("RoleBinding", namespace);
    }

    @Override
    public ObjectNode clusterRole(String name) {
        return of("ClusterRole", null).stream().filter(o -> o.path("metadata").path("name").asString().equals(name))
                .findFirst().orElse(null);
    }

    @Override
    public ObjectNode role(String namespace, String name) {
        return of("Role", namespace).stream().filter(o -> o.path("metadata").path("name").asString().equals(name))
                .findFirst().orElse(null);
    }
}
