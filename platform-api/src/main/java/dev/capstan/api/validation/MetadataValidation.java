package dev.capstan.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Validates {@code metadata} as upstream's {@code ValidateObjectMeta} / {@code ValidateObjectMetaUpdate} do, with
 * the same paths, messages and order. managedFields are not checked here.
 */
public final class MetadataValidation {

    /** Upstream's limit on the summed length of all annotation keys and values. */
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
    static final String IMMUTABLE = "field is immutable";
    /** Stands in for absent metadata, so every check sees "missing" rather than null. */
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    private MetadataValidation() {
    }

    /**
     * All problems with the metadata of an object being created: generateName and name per {@code nameRule}
     * (name required unless generateName is set; the handler normally generates the name before validating),
     * namespace present exactly when {@code namespaced} and a DNS label, generation non-negative, labels,
     * annotations (keys and 256 KiB total), ownerReferences and finalizers. An empty list means valid.
     */
    public static List<FieldError> validate(JsonNode metadata, NameRule nameRule, boolean namespaced) {
        JsonNode meta = metadata == null ? EMPTY : metadata;
        List<FieldError> errs = new ArrayList<>();
        String generateName = text(meta, "generateName");
        if (!generateName.isEmpty()) {
            nameRule.check(generateName, true)
                    .forEach(m -> errs.add(FieldError.invalid("metadata.generateName", generateName, m)));
        }
        String name = text(meta, "name");
        if (name.isEmpty()) {
            if (generateName.isEmpty()) {
                errs.add(FieldError.required("metadata.name", "name or generateName is required"));
            }
        } else {
            nameRule.check(name, false).forEach(m -> errs.add(FieldError.invalid("metadata.name", name, m)));
        }
        String namespace = text(meta, "namespace");
        if (namespaced) {
            if (namespace.isEmpty()) {
                errs.add(FieldError.required("metadata.namespace", ""));
            } else {
                NameRule.DNS1123_LABEL.check(namespace, false)
                        .forEach(m -> errs.add(FieldError.invalid("metadata.namespace", namespace, m)));
            }
        } else if (!namespace.isEmpty()) {
            errs.add(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
        }
        errs.addAll(common(meta));
        errs.addAll(validateFinalizers(meta.path("finalizers")));
        return errs;
    }

    /**
     * All problems with the metadata of an update against the stored {@code oldMetadata}: no new finalizers once
     * deletion started, generation not negative or decremented, name, namespace, uid, creationTimestamp,
     * deletionTimestamp and deletionGracePeriodSeconds unchanged, and labels, annotations and ownerReferences
     * valid. The resourceVersion precondition is the handler's business and is not checked here.
     */
    public static List<FieldError> validateUpdate(JsonNode metadata, JsonNode oldMetadata) {
        JsonNode meta = metadata == null ? EMPTY : metadata;
        JsonNode old = oldMetadata == null ? EMPTY : oldMetadata;
        List<FieldError> errs = new ArrayList<>();
        if (!old.path("deletionTimestamp").isMissingNode() && !old.path("deletionTimestamp").isNull()) {
            Set<String> added = new TreeSet<>(strings(meta.path("finalizers")));
            added.removeAll(strings(old.path("finalizers")));
            if (!added.isEmpty()) {
                errs.add(FieldError.forbidden("metadata.finalizers", "no new finalizers can be added if the object "
                        + "is being deleted, found new finalizers []string{" + String.join(", ",
                        added.stream().map(BadValues::goQuote).toList()) + "}"));
            }
        }
        long generation = meta.path("generation").asLong(0);
        if (generation < 0) {
            errs.add(FieldError.invalid("metadata.generation", generation, "must be greater than or equal to 0"));
        }
        if (generation < old.path("generation").asLong(0)) {
            errs.add(FieldError.invalid("metadata.generation", generation, "must not be decremented"));
        }
        for (String f : List.of("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds")) {
            JsonNode now = meta.path(f);
            if (!Objects.equals(normalize(now), normalize(old.path(f)))) {
                // Go prints an absent string field as "" and an absent pointer or time as null.
                Object shown = !now.isMissingNode() ? now
                        : List.of("name", "namespace", "uid").contains(f) ? "" : null;
                errs.add(FieldError.invalid("metadata." + f, shown, IMMUTABLE));
            }
        }
        errs.addAll(LabelRules.validateLabels(meta.path("labels"), "metadata.labels"));
        errs.addAll(validateAnnotations(meta.path("annotations"), "metadata.annotations"));
        errs.addAll(validateOwnerReferences(meta.path("ownerReferences"), "metadata.ownerReferences"));
        return errs;
    }

    /** Annotation keys must be qualified names (checked lower-cased, as upstream) and all entries fit 256 KiB. */
    public static List<FieldError> validateAnnotations(JsonNode annotations, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (annotations == null || !annotations.isObject()) {
            return errs;
        }
        long total = 0;
        for (Map.Entry<String, JsonNode> e : annotations.properties()) {
            LabelRules.isQualifiedName(e.getKey().toLowerCase(Locale.ROOT))
                    .forEach(m -> errs.add(FieldError.invalid(path, e.getKey(), m)));
            String v = e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString();
            total += NameRules.byteLength(e.getKey()) + NameRules.byteLength(v);
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errs.add(FieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
        }
        return errs;
    }

    /** Each finalizer must be a qualified name, and "orphan" excludes "foregroundDeletion". */
    public static List<FieldError> validateFinalizers(JsonNode finalizers) {
        List<FieldError> errs = new ArrayList<>();
        List<String> names = strings(finalizers);
        for (String f : names) {
            LabelRules.isQualifiedName(f).forEach(m -> errs.add(FieldError.invalid("metadata.finalizers", f, m)));
        }
        if (names.contains("orphan") && names.contains("foregroundDeletion")) {
            errs.add(FieldError.invalid("metadata.finalizers", finalizers,
                    "finalizer orphan and foregroundDeletion cannot be both set"));
        }
        return errs;
    }

    /** Owner references need apiVersion (group/version), kind, name and uid; at most one may be the controller. */
    public static List<FieldError> validateOwnerReferences(JsonNode refs, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (refs == null || !refs.isArray()) {
            return errs;
        }
        String firstController = "";
        for (int i = 0; i < refs.size(); i++) {
            JsonNode ref = refs.get(i);
            String at = path + "[" + i + "]";
            String apiVersion = text(ref, "apiVersion");
            String kind = text(ref, "kind");
            String[] gv = parseGroupVersion(apiVersion);
            if (apiVersion.isEmpty()) {
                errs.add(FieldError.required(at + ".apiVersion", "must not be empty"));
            } else if (gv == null || gv[1].isEmpty()) {
                errs.add(FieldError.invalid(at + ".apiVersion", apiVersion, "must be <group>/<version> or <version>"));
            }
            for (String f : List.of("kind", "name", "uid")) {
                if (text(ref, f).isEmpty()) {
                    errs.add(FieldError.required(at + "." + f, "must not be empty"));
                }
            }
            String group = gv == null ? "" : gv[0];
            String version = gv == null ? "" : gv[1];
            if (group.isEmpty() && version.equals("v1") && kind.equals("Event")) {
                errs.add(FieldError.invalid(at, ref, "/v1, Kind=Event is disallowed from being an owner"));
            }
            if (ref.path("controller").asBoolean(false)) {
                String current = kind + "/" + text(ref, "name");
                if (!firstController.isEmpty()) {
                    errs.add(FieldError.invalid(path, refs, "Only one reference can have Controller set to true. "
                            + "Found \"true\" in references for " + firstController + " and " + current));
                } else {
                    firstController = current;
                }
            }
        }
        return errs;
    }

    private static List<FieldError> common(JsonNode meta) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode generation = meta.path("generation");
        if (generation.isNumber() && generation.asLong() < 0) {
            errs.add(FieldError.invalid("metadata.generation", generation.asLong(), "must be greater than or equal to 0"));
        }
        errs.addAll(LabelRules.validateLabels(meta.path("labels"), "metadata.labels"));
        errs.addAll(validateAnnotations(meta.path("annotations"), "metadata.annotations"));
        errs.addAll(validateOwnerReferences(meta.path("ownerReferences"), "metadata.ownerReferences"));
        return errs;
    }

    /** Upstream's schema.ParseGroupVersion: "" and "v1" have no group, "g/v" splits, more slashes fail (null). */
    private static String[] parseGroupVersion(String gv) {
        if (gv.isEmpty() || gv.equals("/")) {
            return new String[] {"", ""};
        }
        String[] parts = gv.split("/", -1);
        return switch (parts.length) {
            case 1 -> new String[] {"", parts[0]};
            case 2 -> new String[] {parts[0], parts[1]};
            default -> null;
        };
    }

    private static Object normalize(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isString() ? v.stringValue() : "";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.isString() ? n.stringValue() : n.toString()));
        }
        return out;
    }
}
