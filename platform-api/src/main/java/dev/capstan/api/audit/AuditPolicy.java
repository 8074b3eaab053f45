package dev.capstan.api.audit;

import static dev.capstan.api.json.YamlTree.list;
import static dev.capstan.api.json.YamlTree.map;
import static dev.capstan.api.json.YamlTree.strings;

import dev.capstan.api.json.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's audit {@code Policy} (audit.k8s.io/v1): the first rule that matches a request decides its level
 * and the stages left out; a request no rule matches is not audited (level None).
 */
public record AuditPolicy(List<Rule> rules, Set<AuditStage> omitStages, boolean omitManagedFields) {

    static final String API_VERSION = "audit.k8s.io/v1";

    /** One {@code resources[]} entry of a rule. */
    public record GroupResources(String group, List<String> resources, List<String> resourceNames) {
    }

    /** One rule; empty lists match everything. {@code omitManagedFields} is null when the rule does not say. */
    public record Rule(AuditLevel level, List<String> users, List<String> userGroups, List<String> verbs,
            List<GroupResources> resources, List<String> namespaces, List<String> nonResourceURLs,
            Set<AuditStage> omitStages, Boolean omitManagedFields) {

        boolean matches(AuditRequest request) {
            if (!users.isEmpty() && !users.contains(request.user().name())) {
                return false;
            }
            if (!userGroups.isEmpty() && request.user().groups().stream().noneMatch(userGroups::contains)) {
                return false;
            }
            if (!verbs.isEmpty() && !verbs.contains(request.verb())) {
                return false;
            }
            if (!nonResourceURLs.isEmpty()) {
                return !request.isResourceRequest() && matchesNonResource(request.path());
            }
            if (!resources.isEmpty() || !namespaces.isEmpty()) {
                return request.isResourceRequest() && matchesResource(request);
            }
            return true;
        }

        private boolean matchesNonResource(String path) {
            for (String url : nonResourceURLs) {
                if (url.equals("*") || url.equals(path)
                        || (url.endsWith("*") && path.startsWith(url.substring(0, url.length() - 1)))) {
                    return true;
                }
            }
            return false;
        }

        private boolean matchesResource(AuditRequest request) {
            String namespace = request.namespace() == null ? "" : request.namespace();
            if (!namespaces.isEmpty() && !namespaces.contains(namespace)) {
                return false;
            }
            if (resources.isEmpty()) {
                return true;
            }
            String sub = request.subresource();
            String combined = sub == null ? request.resource() : request.resource() + "/" + sub;
            for (GroupResources gr : resources) {
                if (!gr.group().equals(request.group())) {
                    continue;
                }
                if (gr.resources().isEmpty()) {
                    return true;
                }
                for (String res : gr.resources()) {
                    if (!gr.resourceNames().isEmpty() && !gr.resourceNames().contains(request.name())) {
                        continue;
                    }
                    if (res.equals("*") || res.equals(combined)
                            || (sub != null && res.startsWith("*/") && res.substring(2).equals(sub))
                            || (res.endsWith("/*") && res.substring(0, res.length() - 2).equals(request.resource()))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The level, stages left out and managed-fields choice for one request. */
    public record Decision(AuditLevel level, Set<AuditStage> omitStages, boolean omitManagedFields) {

        static final Decision NONE = new Decision(AuditLevel.None, Set.of(), false);
    }

    public Decision evaluate(AuditRequest request) {
        for (Rule rule : rules) {
            if (rule.matches(request)) {
                EnumSet<AuditStage> omitted = EnumSet.noneOf(AuditStage.class);
                omitted.addAll(omitStages);
                omitted.addAll(rule.omitStages());
                boolean omitFields = rule.omitManagedFields() != null ? rule.omitManagedFields() : omitManagedFields;
                return new Decision(rule.level(), omitted, omitFields);
            }
        }
        return Decision.NONE;
    }

    public static AuditPolicy read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("invalid audit policy " + file + ": cannot read the file: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid audit policy " + file + ": " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException with the first problem found */
    public static AuditPolicy parse(String text) {
        Object loaded = YamlTree.load(text);
        Map<?, ?> root = map(loaded, "the document");
        if (!API_VERSION.equals(root.get("apiVersion")) || !"Policy".equals(root.get("kind"))) {
            throw new IllegalArgumentException("expected apiVersion " + API_VERSION + " and kind Policy, got "
                    + root.get("apiVersion") + "/" + root.get("kind"));
        }
        List<Rule> rules = new ArrayList<>();
        List<?> ruleList = list(root.get("rules"), "rules");
        for (int i = 0; i < ruleList.size(); i++) {
            rules.add(rule(map(ruleList.get(i), "rules[" + i + "]"), "rules[" + i + "]"));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("loaded illegal policy with 0 rules");
        }
        return new AuditPolicy(List.copyOf(rules), stages(root.get("omitStages"), "omitStages"),
                Boolean.TRUE.equals(root.get("omitManagedFields")));
    }

    private static Rule rule(Map<?, ?> rule, String path) {
        Object level = rule.get("level");
        if (level == null) {
            throw new IllegalArgumentException(path + ".level: Required value");
        }
        AuditLevel parsed;
        try {
            parsed = AuditLevel.valueOf(String.valueOf(level));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ".level: Unsupported value: \"" + level
                    + "\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"");
        }
        List<GroupResources> resources = new ArrayList<>();
        List<?> resourceList = list(rule.get("resources"), path + ".resources");
        for (int i = 0; i < resourceList.size(); i++) {
            Map<?, ?> gr = map(resourceList.get(i), path + ".resources[" + i + "]");
            Object group = gr.get("group");
            resources.add(new GroupResources(group == null ? "" : String.valueOf(group),
                    strings(gr.get("resources"), path + ".resources[" + i + "].resources"),
                    strings(gr.get("resourceNames"), path + ".resources[" + i + "].resourceNames")));
        }
        List<String> namespaces = strings(rule.get("namespaces"), path + ".namespaces");
        List<String> nonResourceURLs = strings(rule.get("nonResourceURLs"), path + ".nonResourceURLs");
        if (!nonResourceURLs.isEmpty() && (!resources.isEmpty() || !namespaces.isEmpty())) {
            throw new IllegalArgumentException(path + ".nonResourceURLs: Invalid value: "
                    + "rules cannot apply to both regular resources and non-resource URLs");
        }
        Object omitFields = rule.get("omitManagedFields");
        return new Rule(parsed, strings(rule.get("users"), path + ".users"),
                strings(rule.get("userGroups"), path + ".userGroups"), strings(rule.get("verbs"), path + ".verbs"),
                List.copyOf(resources), namespaces, nonResourceURLs, stages(rule.get("omitStages"), path + ".omitStages"),
                omitFields == null ? null : Boolean.TRUE.equals(omitFields));
    }

    private static Set<AuditStage> stages(Object value, String path) {
        EnumSet<AuditStage> stages = EnumSet.noneOf(AuditStage.class);
        for (String stage : strings(value, path)) {
            try {
                stages.add(AuditStage.valueOf(stage));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": Unsupported value: \"" + stage + "\": supported values: "
                        + "\"RequestReceived\", \"ResponseStarted\", \"ResponseComplete\", \"Panic\"");
            }
        }
        return Set.copyOf(stages);
    }



}
