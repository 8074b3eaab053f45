package dev.capstan.api.registry;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.admission.AdmissionAttributes;
import dev.capstan.api.admission.AdmissionChain;
import dev.capstan.api.admission.Operation;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.validation.FieldError;
import dev.capstan.api.validation.MetadataValidation;
import dev.capstan.store.KeyExistsException;
import dev.capstan.store.KeyValue;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.Storage;
import dev.capstan.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generic registry store: one implementation of get, create, update and delete for every kind, owning
 * what upstream's generic store owns — metadata (uid, creationTimestamp, generation, resourceVersion),
 * optimistic concurrency, namespace checks, the status/spec split, finalizers and graceful deletion — and
 * calling the kind's {@link dev.capstan.api.ResourceStrategy} for the rest. Blocking: call it off the event loop.
 */
public final class ObjectStore {

    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int GENERATE_NAME_ATTEMPTS = 8;
    private static final int UNCONDITIONAL_UPDATE_ATTEMPTS = 16;

    private final Storage storage;
    private final ResourceRegistry registry;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ServiceAllocator services;
    private volatile AdmissionChain admission = AdmissionChain.none();

    public ObjectStore(Storage storage, ResourceRegistry registry, Clock clock) {
        this(storage, registry, clock, DEFAULT_SERVICE_CIDR, DEFAULT_NODE_PORT_RANGE);
    }

    /**
     * @param serviceCidr the service cluster IP range (upstream's {@code --service-cluster-ip-range})
     * @param nodePortRange the node port range, e.g. {@code 30000-32767} ({@code --service-node-port-range})
     */
    public ObjectStore(Storage storage, ResourceRegistry registry, Clock clock, String serviceCidr, String nodePortRange) {
        this.storage = storage;
        this.registry = registry;
        this.clock = clock;
        String[] ports = nodePortRange.split("-");
        this.services = new ServiceAllocator(storage, clock, Ipv4Range.parseCidr(serviceCidr), Integer.parseInt(ports[0].trim()),
                Integer.parseInt(ports[1].trim()));
    }

    /** kubeadm's default service CIDR. */
    public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
    /** Upstream's default node port range. */
    public static final String DEFAULT_NODE_PORT_RANGE = "30000-32767";

    /** The cluster IP of the {@code kubernetes} Service (the service range's first host address). */
    public String kubernetesServiceIp() {
        return services.kubernetesServiceIp();
    }

    /** Runs {@code chain} on every create, update and delete from now on (set once when the server starts). */
    public void useAdmission(AdmissionChain chain) {
        this.admission = chain;
    }

    public ResourceRegistry registry() {
        return registry;
    }

    public Storage storage() {
        return storage;
    }

    /** The object, with its resourceVersion; 404 if absent. */
    public ObjectNode get(ResourceDefinition def, String namespace, String name) {
        KeyValue kv = read(def, namespace, name);
        return Meta.withResourceVersion(Json.readStored(kv.value()), kv.modRevision());
    }

    private KeyValue read(ResourceDefinition def, String namespace, String name) {
        try {
            return storage.get(KeyLayout.key(def, namespace, name)).orElseThrow(() -> ApiErrors.notFound(def, name));
        } catch (StoreException e) {
            throw StoreErrors.translate(e, def, name);
        }
    }

    /** Creates an object in {@code namespace} (ignored for cluster-scoped kinds). */
    public ObjectNode create(ResourceDefinition def, String namespace, ObjectNode object, WriteOptions options) {
        ObjectNode metadata = Meta.of(object);
        bindNamespace(def, namespace, metadata);
        if (metadata.hasNonNull("resourceVersion") && !metadata.get("resourceVersion").asString().isEmpty()) {
            throw ApiErrors.badRequest("resourceVersion should not be set on objects to be created");
        }
        object.put("apiVersion", def.apiVersion());
        object.put("kind", def.kind());
        String generateName = Json.text(metadata, "generateName");
        boolean generated = !metadata.hasNonNull("name") && generateName != null && !generateName.isEmpty();
        for (int attempt = 0; ; attempt++) {
            if (generated) {
                metadata.put("name", generateName + randomSuffix());
            }
            String name = Json.text(metadata, "name");
            metadata.put("uid", UUID.randomUUID().toString());
            metadata.put("creationTimestamp", Meta.timestamp(clock.instant()));
            metadata.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion"));
            if (Generation.tracked(def)) {
                metadata.put("generation", 1);
            } else {
                metadata.remove("generation");
            }
            def.strategy().prepareForCreate(object, options.user());
            AdmissionAttributes attributes = new AdmissionAttributes(Operation.CREATE, def, options.subresource(),
                    Json.text(metadata, "namespace"), name, object, null, options.user(), options.dryRun(),
                    options.warnings(), null, options.auditAnnotations());
            admission.admit(attributes);
            metadata = Meta.of(object);
            List<FieldError> errors = new ArrayList<>(MetadataValidation.validate(metadata, def.strategy().nameRule(),
                    def.namespaced()));
            errors.addAll(def.strategy().validate(object));
            if (!errors.isEmpty()) {
                throw ApiErrors.invalid(def, name == null ? "" : name, errors);
            }
            try {
                admission.validate(attributes);
                if (options.dryRun()) {
                    return object;
                }
                if (isService(def)) {
                    services.allocate(def, object, owner -> serviceExists(def, owner));
                }
                long revision = storage.create(KeyLayout.key(def, Json.text(metadata, "namespace"), name), Json.write(object));
                return Meta.withResourceVersion(object, revision);
            } catch (KeyExistsException e) {
                if (!generated || attempt + 1 >= GENERATE_NAME_ATTEMPTS) {
                    throw ApiErrors.alreadyExists(def, name);
                }
            } catch (StoreException e) {
                throw StoreErrors.translate(e, def, name);
            } finally {
                attributes.complete();
            }
        }
    }

    /**
     * Replaces an object (PUT), or one subresource of it ("status", "finalize"). With a resourceVersion in the
     * body the write is conditional on it (409 if stale); without, it applies to whatever is stored.
     */
    public ObjectNode update(ResourceDefinition def, String namespace, String name, ObjectNode object,
            String subresource, WriteOptions options) {
        ObjectNode metadata = Meta.of(object);
        String bodyName = Json.text(metadata, "name");
        if (bodyName != null && !bodyName.equals(name)) {
            throw ApiErrors.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
        bindNamespace(def, namespace, metadata);
        String expected = Json.text(metadata, "resourceVersion");
        boolean conditional = expected != null && !expected.isEmpty();
        long expectedRevision = conditional ? ObjectLister.parseResourceVersion(expected) : 0;
        // the namespace strategy keeps the stored spec on every update (spec.finalizers change only through
        // finalize), so a finalize write re-applies the body's finalizers after the strategy ran
        UnaryOperator<ObjectNode> afterStrategy = "finalize".equals(subresource)
                ? next -> Subresources.merge(def, subresource, object.deepCopy(), next) : UnaryOperator.identity();
        return guaranteedUpdate(def, namespace, name, conditional ? expectedRevision : 0,
                old -> Subresources.merge(def, subresource, object.deepCopy(), old), afterStrategy, options);
    }

    /**
     * Reads the object, computes its new version with {@code change} (given a copy of the stored object, with
     * its resourceVersion), and writes it if the store still holds what was read; with {@code expectedRevision}
     * 0 a lost race is retried with a fresh read, otherwise it is a 409 Conflict. Patches go through here.
     */
    public ObjectNode guaranteedUpdate(ResourceDefinition def, String namespace, String name, long expectedRevision,
            UnaryOperator<ObjectNode> change, WriteOptions options) {
        return guaranteedUpdate(def, namespace, name, expectedRevision, change, UnaryOperator.identity(), options);
    }

    private ObjectNode guaranteedUpdate(ResourceDefinition def, String namespace, String name, long expectedRevision,
            UnaryOperator<ObjectNode> change, UnaryOperator<ObjectNode> afterStrategy, WriteOptions options) {
        String key = KeyLayout.key(def, namespace, name);
        for (int attempt = 0; ; attempt++) {
            KeyValue kv = read(def, namespace, name);
            if (expectedRevision != 0 && kv.modRevision() != expectedRevision) {
                throw ApiErrors.conflict(def, name);
            }
            ObjectNode old = Meta.withResourceVersion(Json.readStored(kv.value()), kv.modRevision());
            ObjectNode updated = change.apply(old.deepCopy());
            ObjectNode next = afterStrategy.apply(prepareUpdate(def, updated, old, options));
            try {
                return write(def, key, next, old, kv.modRevision(), options);
            } catch (RevisionConflictException e) {
                if (expectedRevision != 0 || attempt + 1 >= UNCONDITIONAL_UPDATE_ATTEMPTS) {
                    throw ApiErrors.conflict(def, name);
                }
            } catch (StoreException e) {
                throw StoreErrors.translate(e, def, name);
            }
        }
    }

    private ObjectNode prepareUpdate(ResourceDefinition def, ObjectNode object, ObjectNode old, WriteOptions options) {
        ObjectNode metadata = Meta.of(object);
        ObjectNode oldMetadata = Meta.of(old);
        object.put("apiVersion", def.apiVersion());
        object.put("kind", def.kind());
        // what a client may never change
        for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "namespace", "name", "generation")) {
            if (oldMetadata.has(field)) {
                metadata.set(field, oldMetadata.get(field));
            } else {
                metadata.remove(field);
            }
        }
        metadata.remove("resourceVersion");
        def.strategy().prepareForUpdate(object, old, options.subresource());
        AdmissionAttributes attributes = new AdmissionAttributes(Operation.UPDATE, def, options.subresource(),
                Meta.namespace(old), Meta.name(old), object, old, options.user(), options.dryRun(), options.warnings(),
                null, options.auditAnnotations());
        admission.admit(attributes);
        metadata = Meta.of(object);
        List<FieldError> errors = new ArrayList<>(MetadataValidation.validate(metadata, def.strategy().nameRule(),
                def.namespaced()));
        errors.addAll(def.strategy().validateUpdate(object, old, options.subresource()));
        if (!errors.isEmpty()) {
            throw ApiErrors.invalid(def, Meta.name(old), errors);
        }
        admission.validate(attributes);
        if (Generation.tracked(def) && Generation.specChanged(object, old)) {
            metadata.put("generation", old.path("metadata").path("generation").asLong(0) + 1);
        }
        return object;
    }

    /** Writes an update: nothing when unchanged, a delete when the last finalizer of a deleting object went. */
    private ObjectNode write(ResourceDefinition def, String key, ObjectNode next, ObjectNode old, long revision,
            WriteOptions options) {
        ObjectNode oldStored = old.deepCopy();
        Meta.of(oldStored).remove("resourceVersion");
        if (next.equals(oldStored) && !storage.rewriteNeeded(key)) {
            return old;
        }
        if (options.dryRun()) {
            return Meta.withResourceVersion(next, revision);
        }
        if (Meta.isDeleting(next) && !Meta.hasFinalizers(next) && !def.strategy().holdsDeletion(next)) {
            long deleted = storage.delete(key, revision);
            removed(def, next);
            return Meta.withResourceVersion(next, deleted);
        }
        long written = storage.update(key, Json.write(next), revision);
        return Meta.withResourceVersion(next, written);
    }

    /**
     * Deletes an object: removed at once when nothing holds it; otherwise marked with a deletionTimestamp
     * (finalizers, a propagation policy that adds one, a grace period) and removed when they are done.
     */
    public DeleteResult delete(ResourceDefinition def, String namespace, String name, DeleteOptions options) {
        return new ObjectDeleter(this, storage, clock).delete(def, namespace, name, options);
    }

    /** After an object is gone from the store: a Service's addresses are free again. */
    void removed(ResourceDefinition def, ObjectNode object) {
        if (isService(def)) {
            services.release(object);
        }
    }

    private static boolean isService(ResourceDefinition def) {
        return def.group().isEmpty() && def.plural().equals("services");
    }

    private boolean serviceExists(ResourceDefinition services, ServiceAllocator.Owner owner) {
        try {
            ObjectNode service = get(services, owner.namespace(), owner.name());
            return owner.uid().equals(Json.text(Meta.of(service), "uid"));
        } catch (ApiException e) {
            if (e.code() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Runs validating admission for a delete of {@code object} (the stored object). */
    void admitDelete(ResourceDefinition def, ObjectNode object, DeleteOptions options) {
        AdmissionAttributes attributes = new AdmissionAttributes(Operation.DELETE, def, null, Meta.namespace(object),
                Meta.name(object), null, object, options.user(), options.dryRun(), null);
        admission.admit(attributes);
        admission.validate(attributes);
    }

    KeyValue readForDelete(ResourceDefinition def, String namespace, String name) {
        return read(def, namespace, name);
    }

    private void bindNamespace(ResourceDefinition def, String namespace, ObjectNode metadata) {
        if (!def.namespaced()) {
            metadata.remove("namespace");
            return;
        }
        String bodyNamespace = Json.text(metadata, "namespace");
        if (bodyNamespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
            throw ApiErrors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        metadata.put("namespace", namespace);
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return suffix.toString();
    }
}
