package dev.capstan.api.web;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.StatusObjects;
import dev.capstan.api.json.BodyDecoder;
import dev.capstan.api.json.Json;
import dev.capstan.api.patch.PatchException;
import dev.capstan.api.patch.PatchSchema;
import dev.capstan.api.patch.PatchType;
import dev.capstan.api.patch.Patches;
import dev.capstan.api.registry.DeleteOptions;
import dev.capstan.api.registry.DeleteResult;
import dev.capstan.api.registry.ListPage;
import dev.capstan.api.registry.Meta;
import dev.capstan.api.registry.ObjectLister;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.registry.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** create, update, patch, delete, deletecollection, and the subresources that write. */
final class WriteHandlers {

    private final ObjectStore store;
    private final ObjectResponses responses;
    private final Map<Class<?>, PatchSchema> patchSchemas = new ConcurrentHashMap<>();

    private final WriteCheck check;

    WriteHandlers(ObjectStore store, ObjectResponses responses, WriteCheck check) {
        this.store = store;
        this.responses = responses;
        this.check = check;
    }

    private static dev.capstan.api.security.UserInfo user(ServerRequest request) {
        return dev.capstan.api.security.UserInfo.of(request.exchange()).orElse(null);
    }

    Mono<ServerResponse> create(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        RequestBodies.requireObjectBody(request);
        WriteOptions options = QueryParams.writeOptions(request).forSubresource(info.subresource());
        QueryParams.FieldValidation validation = QueryParams.fieldValidation(request);
        return RequestBodies.read(request).flatMap(bytes -> ResourceHandler.blocking(() -> {
            ObjectNode body = RequestBodies.decode(request, bytes);
            BodyDecoder.checkKind(def, body);
            List<String> warnings = unknownFields(def, body, validation);
            check.check(user(request), def, info.namespace(), body, null);
            ObjectNode created = store.create(def, info.namespace(), body, options);
            return new Written(201, created, withAdmission(warnings, options));
        })).flatMap(w -> Responses.json(w.code, w.body, w.warnings));
    }

    Mono<ServerResponse> update(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        RequestBodies.requireObjectBody(request);
        WriteOptions options = QueryParams.writeOptions(request).forSubresource(info.subresource());
        QueryParams.FieldValidation validation = QueryParams.fieldValidation(request);
        return RequestBodies.read(request).flatMap(bytes -> ResourceHandler.blocking(() -> {
            ObjectNode body = RequestBodies.decode(request, bytes);
            if ("scale".equals(info.subresource())) {
                long expected = expectedRevision(body);
                ObjectNode updated = store.guaranteedUpdate(def, info.namespace(), info.name(), expected,
                        old -> ScaleSubresource.applyScale(def, old, body), options);
                return new Written(200, ScaleSubresource.toScale(def, updated), List.of());
            }
            BodyDecoder.checkKind(def, body);
            List<String> warnings = unknownFields(def, body, validation);
            if (info.subresource() == null) {
                check.check(user(request), def, info.namespace(), body, null);
            }
            ObjectNode updated = store.update(def, info.namespace(), info.name(), body, info.subresource(), options);
            return new Written(200, updated, withAdmission(warnings, options));
        })).flatMap(w -> Responses.json(w.code, w.body, w.warnings));
    }

    Mono<ServerResponse> patch(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        String contentType = request.headers().contentType().map(Object::toString).orElse("");
        PatchType type = PatchType.fromContentType(contentType)
                .orElseThrow(() -> ApiErrors.unsupportedMediaType(contentType));
        WriteOptions options = QueryParams.writeOptions(request).forSubresource(info.subresource());
        QueryParams.FieldValidation validation = QueryParams.fieldValidation(request);
        PatchSchema schema = type == PatchType.STRATEGIC
                ? patchSchemas.computeIfAbsent(def.javaType(), PatchSchema::forType) : PatchSchema.none();
        return RequestBodies.read(request).flatMap(bytes -> ResourceHandler.blocking(() -> {
            List<String> warnings = new ArrayList<>();
            boolean scale = "scale".equals(info.subresource());
            ObjectNode updated = store.guaranteedUpdate(def, info.namespace(), info.name(), 0, old -> {
                ObjectNode target = scale ? ScaleSubresource.toScale(def, old) : old;
                ObjectNode patched = applyPatch(type, target, bytes, scale ? PatchSchema.none() : schema);
                checkPatchedVersion(def, info.name(), target, patched);
                if (scale) {
                    return ScaleSubresource.applyScale(def, old, patched);
                }
                BodyDecoder.checkKind(def, patched);
                warnings.clear();
                warnings.addAll(unknownFields(def, patched, validation));
                Meta.of(patched).remove("resourceVersion");
                ObjectNode result = statusSplit(def, info.subresource(), patched, old);
                if (info.subresource() == null) {
                    check.check(user(request), def, info.namespace(), result, old);
                }
                return result;
            }, options);
            return new Written(200, scale ? ScaleSubresource.toScale(def, updated) : updated,
                    withAdmission(warnings, options));
        })).flatMap(w -> Responses.json(w.code, w.body, w.warnings));
    }

    private static ObjectNode applyPatch(PatchType type, ObjectNode target, byte[] body, PatchSchema schema) {
        try {
            return Patches.apply(type, target, body, schema);
        } catch (PatchException e) {
            // upstream answers patch failures its apply step cannot classify with 500 and no reason
            throw new dev.capstan.api.errors.ApiException(e.httpStatus(),
                    e.reason().isEmpty() ? "InternalError" : e.reason(), e.getMessage(), null);
        }
    }

    /** A patch that sets metadata.resourceVersion is conditional on it, as upstream treats it. */
    private static void checkPatchedVersion(ResourceDefinition def, String name, ObjectNode before, ObjectNode patched) {
        String wanted = Meta.resourceVersion(patched);
        if (wanted != null && !wanted.isEmpty() && !wanted.equals(Meta.resourceVersion(before))) {
            throw ApiErrors.conflict(def, name);
        }
    }

    /** A patch of the main resource leaves the status alone; of status, everything else. */
    private static ObjectNode statusSplit(ResourceDefinition def, String subresource, ObjectNode patched, ObjectNode old) {
        if ("status".equals(subresource) || "approval".equals(subresource)) {
            ObjectNode result = old.deepCopy();
            if (patched.has("status")) {
                result.set("status", patched.get("status"));
            } else {
                result.remove("status");
            }
            return result;
        }
        if (def.hasSubresource("status") && subresource == null) {
            if (old.has("status")) {
                patched.set("status", old.get("status"));
            } else {
                patched.remove("status");
            }
        }
        return patched;
    }

    Mono<ServerResponse> delete(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        return RequestBodies.read(request).flatMap(bytes -> ResourceHandler.blocking(() -> {
            JsonNode body = bytes.length == 0 ? null : RequestBodies.decode(request, bytes);
            DeleteOptions options = QueryParams.deleteOptions(request, body);
            DeleteResult result = store.delete(def, info.namespace(), info.name(), options);
            return new Written(result.removed() ? 200 : 202, result.object(), List.of());
        })).flatMap(w -> Responses.json(w.code, w.body, w.warnings));
    }

    Mono<ServerResponse> deleteCollection(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        var query = QueryParams.listQuery(request);
        return RequestBodies.read(request).flatMap(bytes -> ResourceHandler.blocking(() -> {
            JsonNode body = bytes.length == 0 ? null : RequestBodies.decode(request, bytes);
            DeleteOptions options = QueryParams.deleteOptions(request, body);
            ListPage page = new ObjectLister(store.storage()).list(def, info.namespace(), query);
            ArrayNode items = Json.array();
            for (ObjectNode object : page.items()) {
                try {
                    items.add(store.delete(def, Meta.namespace(object), Meta.name(object), options).object());
                } catch (dev.capstan.api.errors.ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
            ObjectNode list = Json.object();
            list.put("kind", def.listKind());
            list.put("apiVersion", def.apiVersion());
            list.putObject("metadata").put("resourceVersion", Long.toString(page.resourceVersion()));
            list.set("items", items);
            return new Written(200, list, List.of());
        })).flatMap(w -> Responses.json(w.code, w.body, w.warnings));
    }

    Mono<ServerResponse> createSubresource(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        if (!"pods".equals(def.plural()) || def.group().length() > 0
                || !("binding".equals(info.subresource()) || "eviction".equals(info.subresource()))) {
            return Responses.error(ApiErrors.methodNotSupported(def, "create"));
        }
        WriteOptions options = QueryParams.writeOptions(request).forSubresource(info.subresource());
        return RequestBodies.read(request).flatMap(bytes -> ResourceHandler.blocking(() -> {
            ObjectNode body = RequestBodies.decode(request, bytes);
            if ("binding".equals(info.subresource())) {
                PodBinding.bind(store, def, info.namespace(), info.name(), body, options);
            } else {
                store.delete(def, info.namespace(), info.name(), QueryParams.deleteOptions(request,
                        body.path("deleteOptions").isObject() ? body.get("deleteOptions") : null));
            }
            return new Written(201, StatusObjects.success(null, null, null, null), List.of());
        })).flatMap(w -> Responses.json(w.code, w.body, w.warnings));
    }

    private List<String> unknownFields(ResourceDefinition def, ObjectNode body, QueryParams.FieldValidation validation) {
        List<String> unknown = BodyDecoder.unknownFields(def, body);
        if (unknown.isEmpty()) {
            return List.of();
        }
        if (validation == QueryParams.FieldValidation.STRICT) {
            throw ApiErrors.badRequest(def.kind() + " in version \"" + def.version() + "\" cannot be handled as a "
                    + def.kind() + ": strict decoding error: " + String.join(", ",
                            unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
        }
        BodyDecoder.prune(body, unknown);
        return validation == QueryParams.FieldValidation.WARN
                ? unknown.stream().map(f -> "unknown field \"" + f + "\"").toList() : List.of();
    }

    /** The decoding warnings, then admission's (PodSecurity's warn level, webhooks). */
    private static List<String> withAdmission(List<String> warnings, WriteOptions options) {
        if (options.warnings().isEmpty()) {
            return warnings;
        }
        List<String> all = new ArrayList<>(warnings);
        options.warnings().stream().distinct().filter(w -> !all.contains(w)).forEach(all::add);
        return all;
    }

    private static long expectedRevision(ObjectNode body) {
        String rv = Meta.resourceVersion(body);
        return rv == null || rv.isEmpty() ? 0 : ObjectLister.parseResourceVersion(rv);
    }

    private record Written(int code, JsonNode body, List<String> warnings) {
    }
}
