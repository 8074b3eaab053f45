package dev.capstan.api.registry;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import dev.capstan.store.KeyValue;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.Storage;
import dev.capstan.store.StoreException;
import java.time.Clock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's delete: preconditions, propagation policy (Orphan and Foreground become the {@code orphan} and
 * {@code foregroundDeletion} finalizers, for the garbage collector), graceful deletion, finalizers.
 */
final class ObjectDeleter {

    private static final int ATTEMPTS = 16;

    private final ObjectStore store;
    private final Storage storage;
    private final Clock clock;

    ObjectDeleter(ObjectStore store, Storage storage, Clock clock) {
        this.store = store;
        this.storage = storage;
        this.clock = clock;
    }

    DeleteResult delete(ResourceDefinition def, String namespace, String name, DeleteOptions options) {
        String key = KeyLayout.key(def, namespace, name);
        for (int attempt = 0; ; attempt++) {
            KeyValue kv = store.readForDelete(def, namespace, name);
            ObjectNode object = Meta.withResourceVersion(Json.readStored(kv.value()), kv.modRevision());
            checkPreconditions(def, name, object, options);
            store.admitDelete(def, object, options);
            try {
                return deleteOnce(def, key, kv.modRevision(), object, options);
            } catch (RevisionConflictException e) {
                if (options.preconditionResourceVersion() != null || attempt + 1 >= ATTEMPTS) {
                    throw ApiErrors.conflict(def, name);
                }
            } catch (StoreException e) {
                throw StoreErrors.translate(e, def, name);
            }
        }
    }

    private DeleteResult deleteOnce(ResourceDefinition def, String key, long revision, ObjectNode object,
            DeleteOptions options) {
        ObjectNode marked = object.deepCopy();
        ObjectNode metadata = Meta.of(marked);
        metadata.remove("resourceVersion");
        addPolicyFinalizer(metadata, options.propagationPolicy());
        long grace = def.strategy().gracePeriodSeconds(object, options.gracePeriodSeconds());
        boolean held = Meta.hasFinalizers(marked) || def.strategy().holdsDeletion(marked);
        if (!held && grace == 0) {
            if (options.dryRun()) {
                return new DeleteResult(object, true);
            }
            storage.delete(key, revision);
            store.removed(def, object);
            return new DeleteResult(object, true);
        }
        if (!Meta.isDeleting(marked)) {
            metadata.put("deletionTimestamp", Meta.timestamp(clock.instant().plusSeconds(grace)));
            metadata.put("deletionGracePeriodSeconds", grace);
            def.strategy().prepareForDeletion(marked);
        } else if (metadata.path("deletionGracePeriodSeconds").asLong(0) > grace) {
            // a shorter grace period may replace a longer one, never the other way round
            metadata.put("deletionTimestamp", Meta.timestamp(clock.instant().plusSeconds(grace)));
            metadata.put("deletionGracePeriodSeconds", grace);
        }
        if (options.dryRun()) {
            return new DeleteResult(Meta.withResourceVersion(marked, revision), false);
        }
        long written = storage.update(key, Json.write(marked), revision);
        return new DeleteResult(Meta.withResourceVersion(marked, written), false);
    }

    private static void addPolicyFinalizer(ObjectNode metadata, String policy) {
        String finalizer = switch (policy == null ? "" : policy) {
            case "Orphan" -> "orphan";
            case "Foreground" -> "foregroundDeletion";
            case "", "Background" -> null;
            default -> throw ApiErrors.badRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Background\", \"Foreground\", \"Orphan\"");
        };
        if (finalizer == null) {
            return;
        }
        JsonNode existing = metadata.get("finalizers");
        ArrayNode finalizers = existing instanceof ArrayNode a ? a : metadata.putArray("finalizers");
        for (JsonNode f : finalizers) {
            if (f.asString().equals(finalizer)) {
                return;
            }
        }
        finalizers.add(finalizer);
    }

    private static void checkPreconditions(ResourceDefinition def, String name, ObjectNode object, DeleteOptions options) {
        String uid = Meta.uid(object);
        if (options.preconditionUid() != null && !options.preconditionUid().equals(uid)) {
            throw ApiErrors.conflict(def, name, "Precondition failed: UID in precondition: "
                    + options.preconditionUid() + ", UID in object meta: " + uid);
        }
        String rv = Meta.resourceVersion(object);
        if (options.preconditionResourceVersion() != null && !options.preconditionResourceVersion().equals(rv)) {
            throw ApiErrors.conflict(def, name, "Precondition failed: ResourceVersion in precondition: "
                    + options.preconditionResourceVersion() + ", ResourceVersion in object meta: " + rv);
        }
    }
}
