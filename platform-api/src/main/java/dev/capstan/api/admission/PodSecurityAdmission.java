package dev.capstan.api.admission;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's PodSecurity plugin: a namespace's {@code pod-security.kubernetes.io/enforce} label (privileged,
 * baseline, restricted) refuses pods that violate that Pod Security Standard (403), its {@code warn} label adds a
 * {@code Warning:} header; workload templates (Deployments, Jobs, ...) are checked against both levels and only
 * ever warned about, as upstream does. The {@code audit} level belongs to the audit log (not evaluated here).
 */
public final class PodSecurityAdmission implements ValidatingAdmission {

    public static final String NAME = "PodSecurity";
    static final String LABEL_PREFIX = "pod-security.kubernetes.io/";
    private static final List<String> LEVELS = List.of("privileged", "baseline", "restricted");
    /** Where each workload kind keeps its pod template. */
    private static final Map<String, List<String>> TEMPLATES = Map.of(
            "/podtemplates", List.of("template"),
            "/replicationcontrollers", List.of("spec", "template"),
            "apps/deployments", List.of("spec", "template"),
            "apps/replicasets", List.of("spec", "template"),
            "apps/statefulsets", List.of("spec", "template"),
            "apps/daemonsets", List.of("spec", "template"),
            "batch/jobs", List.of("spec", "template"),
            "batch/cronjobs", List.of("spec", "jobTemplate", "spec", "template"));

    private final ClusterReader reader;

    public PodSecurityAdmission(ClusterReader reader) {
        this.reader = reader;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.POD_SECURITY;
    }

    @Override
    public void validate(AdmissionAttributes a) {
        boolean pod = a.isCore("pods") && a.operation() == Operation.CREATE;
        List<String> templatePath = a.subresource() == null ? TEMPLATES.get(a.group() + "/" + a.resource()) : null;
        boolean template = templatePath != null && (a.operation() == Operation.CREATE || a.operation() == Operation.UPDATE);
        if (!pod && !template) {
            return;
        }
        Optional<ObjectNode> namespace = reader.get("", "namespaces", null, a.namespace());
        if (namespace.isEmpty()) {
            return;
        }
        JsonNode labels = namespace.get().path("metadata").path("labels");
        JsonNode podTemplate = pod ? a.object() : at(a.object(), templatePath);
        if (podTemplate.isMissingNode()) {
            return;
        }
        Policy enforce = policy(labels, "enforce");
        Policy warn = policy(labels, "warn");
        List<PodSecurityChecks.Violation> enforced = PodSecurityChecks.evaluate(enforce.level(),
                podTemplate.path("metadata"), podTemplate.path("spec"));
        if (!enforced.isEmpty()) {
            if (pod) {
                throw AdmissionErrors.forbidden(a, "violates PodSecurity \"" + enforce + "\": " + join(enforced));
            }
            a.warn("would violate PodSecurity \"" + enforce + "\": " + join(enforced));
        }
        if (!enforced.isEmpty() && enforce.equals(warn)) {
            return;
        }
        List<PodSecurityChecks.Violation> warned = PodSecurityChecks.evaluate(warn.level(), podTemplate.path("metadata"),
                podTemplate.path("spec"));
        if (!warned.isEmpty()) {
            a.warn("would violate PodSecurity \"" + warn + "\": " + join(warned));
        }
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        JsonNode current = node;
        for (String field : path) {
            current = current.path(field);
        }
        return current;
    }

    /** The mode's level and version from the namespace labels; an unknown level counts as restricted, as upstream. */
    private static Policy policy(JsonNode labels, String mode) {
        String level = labels.path(LABEL_PREFIX + mode).asString("privileged");
        if (!LEVELS.contains(level)) {
            level = "restricted";
        }
        String version = labels.path(LABEL_PREFIX + mode + "-version").asString("latest");
        return new Policy(level, version.isEmpty() ? "latest" : version);
    }

    private static String join(List<PodSecurityChecks.Violation> violations) {
        return violations.stream().map(PodSecurityChecks.Violation::toString).collect(Collectors.joining(", "));
    }

    private record Policy(String level, String version) {
        @Override
        public String toString() {
            return level + ":" + version;
        }
    }
}
