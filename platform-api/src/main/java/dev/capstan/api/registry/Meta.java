package dev.capstan.api.registry;

import dev.capstan.api.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes the {@code metadata} of an object tree. */
public final class Meta {

    /** RFC 3339 at second precision, as upstream's metav1.Time serializes. */
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Meta() {
    }

    /** The object's metadata, created if missing (a non-object metadata is replaced: validation reports it). */
    public static ObjectNode of(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode m) {
            return m;
        }
        return object.putObject("metadata");
    }

    public static String name(JsonNode object) {
        return Json.text(object, "metadata", "name");
    }

    public static String namespace(JsonNode object) {
        return Json.text(object, "metadata", "namespace");
    }

    public static String resourceVersion(JsonNode object) {
        return Json.text(object, "metadata", "resourceVersion");
    }

    public static String uid(JsonNode object) {
        return Json.text(object, "metadata", "uid");
    }

    public static boolean isDeleting(JsonNode object) {
        return object.path("metadata").hasNonNull("deletionTimestamp");
    }

    public static boolean hasFinalizers(JsonNode object) {
        JsonNode finalizers = object.path("metadata").path("finalizers");
        return finalizers.isArray() && !finalizers.isEmpty();
    }

    public static String timestamp(Instant instant) {
        return RFC3339.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Sets {@code metadata.resourceVersion} to the store revision. */
    public static ObjectNode withResourceVersion(ObjectNode object, long revision) {
        of(object).put("resourceVersion", Long.toString(revision));
        return object;
    }
}
