package dev.capstan.api.openapi;

import dev.capstan.api.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents of the served kinds: {@code /openapi/v2} (Swagger 2.0) and {@code /openapi/v3} (an index
 * plus one OpenAPI 3.0 document per group-version), generated from the Fabric8 model classes. They carry what
 * kubectl reads: {@code x-kubernetes-group-version-kind} on operations and definitions (kubectl explain finds a
 * resource's schema that way), typed properties for every field, and the {@code fieldValidation} parameter on
 * writes (kubectl then leaves field validation to the server instead of validating client-side).
 *
 * <p>kubectl reads {@code /openapi/v2} only as protobuf (gnostic {@code openapi_v2.Document}); the v2 document
 * here is JSON, for other clients. kubectl v1.27+ uses v3 for explain and for the validation decision.
 *
 * <p>The documents are built once, in the constructor; the accessors hand out copies, so callers may change them.
 */
public final class OpenApiDocuments {

    private final ObjectNode v2;
    private final ObjectNode v3Index;
    private final Map<String, ObjectNode> v3;

    /**
     * Builds all documents for the given kinds.
     *
     * @param kinds the served kinds; each javaType must be a Jackson-introspectable model class
     */
    public OpenApiDocuments(List<ApiKind> kinds) {
        Definitions definitions = new Definitions();
        EndpointPlanner planner = new EndpointPlanner(definitions);
        Map<String, List<PathItem>> byGroupVersion = new TreeMap<>();
        List<PathItem> all = new ArrayList<>();
        for (ApiKind kind : kinds) {
            List<PathItem> items = planner.plan(kind);
            byGroupVersion.computeIfAbsent(kind.groupVersionPath(), gv -> new ArrayList<>()).addAll(items);
            all.addAll(items);
        }
        this.v2 = SwaggerRenderer.document(all, definitions.all());
        this.v3 = new LinkedHashMap<>();
        this.v3Index = Json.object();
        ObjectNode paths = v3Index.putObject("paths");
        byGroupVersion.forEach((groupVersion, items) -> {
            ObjectNode doc = OpenApi3Renderer.document(items, definitions.all());
            v3.put(groupVersion, doc);
            paths.putObject(groupVersion).put("serverRelativeURL",
                    "/openapi/v3/" + groupVersion + "?hash=" + hash(doc));
        });
    }

    /**
     * The Swagger 2.0 document: info, the paths of every kind's collection, item and subresource endpoints with
     * their verbs, and the definitions with {@code x-kubernetes-group-version-kind}.
     *
     * @return a fresh copy of the document
     */
    public ObjectNode v2() {
        return v2.deepCopy();
    }

    /**
     * The v3 index: {@code {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}, ...}}}. The
     * hash is a digest of that group-version's document, so it changes exactly when the document does (clients
     * cache documents by URL).
     *
     * @return a fresh copy of the index
     */
    public ObjectNode v3Index() {
        return v3Index.deepCopy();
    }

    /**
     * The OpenAPI 3.0 document of one group-version.
     *
     * @param groupVersionPath "api/v1" or "apis/{group}/{version}", as in the index; no leading slash, no query
     * @return a fresh copy of the document, or empty if no served kind belongs to that group-version
     */
    public Optional<ObjectNode> v3(String groupVersionPath) {
        ObjectNode doc = v3.get(groupVersionPath);
        return doc == null ? Optional.empty() : Optional.of(doc.deepCopy());
    }

    private static String hash(ObjectNode doc) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(Json.write(doc));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-512", e);
        }
    }
}
