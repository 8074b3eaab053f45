package dev.capstan.api.security.rbac;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.registry.Meta;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.registry.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's bootstrap RBAC policy (the ClusterRoles and ClusterRoleBindings of
 * {@code plugin/pkg/auth/authorizer/rbac/bootstrappolicy}), reconciled on every start as upstream's
 * EnsureRBACPolicy: a missing object is created; an existing one annotated
 * {@code rbac.authorization.kubernetes.io/autoupdate: "true"} (or without the annotation) gets the rules,
 * subjects, labels and annotations it lacks added, never removed; with {@code autoupdate: "false"} it is left alone.
 */
public final class BootstrapPolicy {

    public static final String AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
    private static final String RESOURCE = "/capstan/rbac/bootstrap-policy.json";
    private static final Logger log = LoggerFactory.getLogger(BootstrapPolicy.class);

    private BootstrapPolicy() {
    }

    /** The bootstrap objects (ClusterRoles, then ClusterRoleBindings). */
    public static List<ObjectNode> objects() {
        try (InputStream in = BootstrapPolicy.class.getResourceAsStream(RESOURCE)) {
            ObjectNode list = Json.parseObject(in.readAllBytes());
            List<ObjectNode> items = new ArrayList<>();
            list.path("items").forEach(item -> items.add((ObjectNode) item));
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rules of a bootstrap ClusterRole (the Node authorizer uses system:node's). */
    public static List<PolicyRule> clusterRoleRules(String name) {
        return objects().stream().filter(o -> "ClusterRole".equals(o.path("kind").asString()) && name.equals(Meta.name(o)))
                .findFirst().map(PolicyRule::listOf).orElse(List.of());
    }

    public static void ensure(ObjectStore store, ResourceDefinition clusterRoles, ResourceDefinition clusterRoleBindings) {
        for (ObjectNode object : objects()) {
            boolean role = "ClusterRole".equals(object.path("kind").asString());
            ensure(store, role ? clusterRoles : clusterRoleBindings, object, role);
        }
    }

    private static void ensure(ObjectStore store, ResourceDefinition def, ObjectNode wanted, boolean role) {
        String name = Meta.name(wanted);
        try {
            store.create(def, null, wanted.deepCopy(), WriteOptions.defaults());
            log.info("event=rbac_bootstrap_created kind={} name={}", def.kind(), name);
            return;
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
        ObjectNode stored = store.get(def, null, name);
        if (reconcile(stored.deepCopy(), wanted, role).equals(stored)) {
            return;
        }
        store.guaranteedUpdate(def, null, name, 0, current -> reconcile(current, wanted, role), WriteOptions.defaults());
        log.info("event=rbac_bootstrap_reconciled kind={} name={}", def.kind(), name);
    }

    private static ObjectNode reconcile(ObjectNode current, ObjectNode wanted, boolean role) {
        {
            String autoupdate = Json.text(current, "metadata", "annotations", AUTOUPDATE);
            if ("false".equals(autoupdate)) {
                return current;
            }
            mergeMap(current, wanted, "labels");
            mergeMap(current, wanted, "annotations");
            if (role) {
                // aggregated roles get their rules from the aggregator; only the selectors are reconciled
                if (wanted.has("aggregationRule")) {
                    ArrayNode selectors = current.withObject("aggregationRule").withArray("clusterRoleSelectors");
                    for (JsonNode selector : wanted.path("aggregationRule").path("clusterRoleSelectors")) {
                        if (!contains(selectors, selector)) {
                            selectors.add(selector.deepCopy());
                        }
                    }
                } else {
                    List<PolicyRule> have = PolicyRule.listOf(current);
                    ArrayNode rules = current.withArray("rules");
                    for (PolicyRule rule : PolicyRule.listOf(wanted)) {
                        if (!RuleMatching.uncovered(have, List.of(rule)).isEmpty()) {
                            rules.add(rule.toJson());
                        }
                    }
                }
            } else {
                ArrayNode subjects = current.withArray("subjects");
                for (JsonNode subject : wanted.path("subjects")) {
                    if (!contains(subjects, subject)) {
                        subjects.add(subject.deepCopy());
                    }
                }
            }
            return current;
        }
    }

    private static void mergeMap(ObjectNode current, ObjectNode wanted, String field) {
        ObjectNode target = Meta.of(current).withObject(field);
        for (Map.Entry<String, JsonNode> e : wanted.path("metadata").path(field).properties()) {
            if (!target.has(e.getKey())) {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode existing : array) {
            if (existing.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
