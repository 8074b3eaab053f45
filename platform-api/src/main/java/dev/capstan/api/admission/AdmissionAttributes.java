package dev.capstan.api.admission;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.security.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * What admission sees of a write (upstream's {@code admission.Attributes}).
 *
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param definition the kind (group, version, kind, resource)
 * @param subresource the subresource written ("status", "binding", ...), or null
 * @param namespace the request's namespace, or null for cluster-scoped kinds
 * @param name the object's name (may be empty on a create with generateName)
 * @param object the new object, changed in place by mutating plugins; null on DELETE
 * @param oldObject the stored object on UPDATE and DELETE, else null
 * @param user who asks; {@link UserInfo#anonymous()} when the write did not come through the HTTP API
 * @param dryRun {@code dryRun=All}: plugins with side effects (quota usage) must not make them
 * @param warnings a sink for {@code Warning:} response headers (upstream's {@code warning.AddWarning})
 * @param completions what runs when the request is over (see {@link #onComplete})
 * @param auditAnnotations a sink for the request's audit annotations (upstream's {@code audit.AddAuditAnnotation})
 */
public record AdmissionAttributes(Operation operation, ResourceDefinition definition, String subresource,
        String namespace, String name, ObjectNode object, ObjectNode oldObject, UserInfo user, boolean dryRun,
        List<String> warnings, List<Runnable> completions, Map<String, String> auditAnnotations) {

    public AdmissionAttributes {
        auditAnnotations = auditAnnotations == null ? new LinkedHashMap<>() : auditAnnotations;
        user = user == null ? UserInfo.anonymous() : user;
        warnings = warnings == null ? new ArrayList<>() : warnings;
        name = name == null ? "" : name;
        completions = completions == null ? new ArrayList<>() : completions;
    }

    public AdmissionAttributes(Operation operation, ResourceDefinition definition, String subresource,
            String namespace, String name, ObjectNode object, ObjectNode oldObject, UserInfo user, boolean dryRun,
            List<String> warnings) {
        this(operation, definition, subresource, namespace, name, object, oldObject, user, dryRun, warnings, null, null);
    }

    /**
     * Runs {@code action} once the request is over: after the store write, or after the refusal of a later step
     * (the ResourceQuota plugin releases its namespace lock this way).
     */
    public void onComplete(Runnable action) {
        completions.add(action);
    }

    /** Runs the {@link #onComplete} actions, last registered first; called by the store. */
    public void complete() {
        for (int i = completions.size() - 1; i >= 0; i--) {
            completions.get(i).run();
        }
        completions.clear();
    }

    /** The API group ("" for core). */
    public String group() {
        return definition.group();
    }

    /** The resource (plural), e.g. {@code pods}. */
    public String resource() {
        return definition.plural();
    }

    public String kind() {
        return definition.kind();
    }

    /** True for the main resource of core/v1 {@code plural} (no subresource). */
    public boolean isCore(String plural) {
        return definition.group().isEmpty() && definition.plural().equals(plural) && subresource == null;
    }

    /** Adds an annotation to the request's audit events (as upstream, the first value given for a key stays). */
    public void addAuditAnnotation(String key, String value) {
        auditAnnotations.putIfAbsent(key, value);
    }

    public void warn(String warning) {
        warnings.add(warning);
    }
}
