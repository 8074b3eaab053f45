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
 * {@code Warning:} header, its {@code audit} label adds the {@code pod-security.kubernetes.io/audit-violations}
 * annotation to the request's audit events; workload templates (Deployments, Jobs, ...) are checked too and only
 * ever warned and audited about, as upstream does. Namespaces without a label get the configured defaults;
 * exempt users, namespaces and runtime classes are not checked ({@code pod-security.kubernetes.io/exempt}).
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
    private final PodSecurityProperties config;

    public PodSecurityAdmission(ClusterReader reader) {
        this(reader, new PodSecurityProperties());
    }

    public PodSecurityAdmission(ClusterReader reader, PodSecurityProperties config) {
        this.reader = reader;
        this.config = config;
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
        JsonNode podTemplate = pod ? a.object() : at(a.object(), templatePath);
        if (podTemplate.isMissingNode()) {
            return;
        }
        String exemption = exemption(a, podTemplate.path("spec"));
        if (exemption != null) {
            a.addAuditAnnotation(LABEL_PREFIX + "exempt", exemption);
            return;
        }
        Optional<ObjectNode> namespace = reader.get("", "namespaces", null, a.namespace());
        if (namespace.isEmpty()) {
            return;
        }
        JsonNode labels = namespace.get().path("metadata").path("labels");
        JsonNode metadata = podTemplate.path("metadata");
        JsonNode spec = podTemplate.path("spec");
        Policy enforce = policy(labels, "enforce");
        Policy audit = policy(labels, "audit");
        Policy warn = policy(labels, "warn");
        List<PodSecurityChecks.Violation> enforced = PodSecurityChecks.evaluate(enforce.level(), metadata, spec);
        List<PodSecurityChecks.Violation> audited = audit.equals(enforce) ? enforced
                : PodSecurityChecks.evaluate(audit.level(), metadata, spec);
        if (pod) {
            a.addAuditAnnotation(LABEL_PREFIX + "enforce-policy", enforce.toString());
        }
        if (!audited.isEmpty()) {
            a.addAuditAnnotation(LABEL_PREFIX + "audit-violations", "would violate PodSecurity \"" + audit + "\": "
                    + join(audited));
        }
        if (!enforced.isEmpty()) {
            if (pod) {
                throw AdmissionErrors.forbidden(a, "violates PodSecurity \"" + enforce + "\": " + join(enforced));
            }
            a.warn("would violate PodSecurity \"" + enforce + "\": " + join(enforced));
        }
        if (!enforced.isEmpty() && enforce.equals(warn)) {
            return;
        }
        List<PodSecurityChecks.Violation> warned = PodSecurityChecks.evaluate(warn.level(), metadata, spec);
        if (!warned.isEmpty()) {
            a.warn("would violate PodSecurity \"" + warn + "\": " + join(warned));
        }
    }

    /** Why the request is not checked (upstream's exempt annotation values), or null. */
    private String exemption(AdmissionAttributes a, JsonNode spec) {
        PodSecurityProperties.Exemptions exemptions = config.getExemptions();
        if (exemptions.getUsernames().contains(a.user().name())) {
            return "user";
        }
        if (exemptions.getNamespaces().contains(a.namespace())) {
            return "namespace";
        }
        String runtimeClass = spec.path("runtimeClassName").asString("");
        if (!runtimeClass.isEmpty() && exemptions.getRuntimeClasses().contains(runtimeClass)) {
            return "runtimeClass";
        }
        return null;
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        JsonNode current = node;
        for (String field : path) {
            current = current.path(field);
        }
        return current;
    }

    /**
     * The mode's level and version from the namespace labels, else the configured defaults; an unknown level counts
     * as restricted, as upstream.
     */
    private Policy policy(JsonNode labels, String mode) {
        PodSecurityProperties.Defaults defaults = config.getDefaults();
        String level = labels.path(LABEL_PREFIX + mode).asString(defaults.level(mode));
        if (!LEVELS.contains(level)) {
            level = "restricted";
        }
        String version = labels.path(LABEL_PREFIX + mode + "-version").asString(defaults.version(mode));
        return new Policy(level, version == null || version.isEmpty() ? "latest" : version);
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
