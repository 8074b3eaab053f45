package dev.capstan.api.encryption;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import dev.capstan.store.ListResult;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.Storage;
import dev.capstan.store.StoreException;
import dev.capstan.store.Watch;
import dev.capstan.store.WatchEvent;
import dev.capstan.store.WatchListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encryption at rest: a {@link Storage} that encrypts the values of the configured resources on their way in
 * and decrypts them on their way out (get, list, watch, conflicts), as upstream's storage transformers. Keys
 * stay readable, as upstream's. Snapshots copy the stored bytes, so backups stay encrypted.
 */
public final class EncryptingStorage implements Storage {

    private static final Optional<PrefixTransformers> NONE = Optional.empty();

    private final Storage delegate;
    private final EncryptionConfiguration config;
    private final ResourceKeys resources;
    private final ConcurrentHashMap<String, Optional<PrefixTransformers>> byResourcePrefix = new ConcurrentHashMap<>();

    public EncryptingStorage(Storage delegate, EncryptionConfiguration config, List<ResourceDefinition> definitions) {
        this.delegate = delegate;
        this.config = config;
        this.resources = new ResourceKeys(definitions);
    }

    private PrefixTransformers transformers(String key) {
        String prefix = ResourceKeys.resourcePrefix(key);
        if (prefix == null) {
            return null;
        }
        return byResourcePrefix.computeIfAbsent(prefix, p -> {
            ResourceKeys.GroupResource gr = resources.ofPrefix(p);
            return Optional.ofNullable(config.transformersFor(gr.group(), gr.resource()));
        }).orElse(null);
    }

    private byte[] encrypt(String key, byte[] value) {
        PrefixTransformers t = transformers(key);
        return t == null ? value : t.toStorage(value, key);
    }

    private KeyValue decrypt(KeyValue kv) {
        if (kv == null) {
            return null;
        }
        PrefixTransformers t = transformers(kv.key());
        if (t == null) {
            return kv;
        }
        try {
            byte[] plain = t.fromStorage(kv.value(), kv.key()).value();
            return new KeyValue(kv.key(), plain, kv.createRevision(), kv.modRevision());
        } catch (TransformException e) {
            throw new TransformException("unable to transform key \"" + kv.key() + "\": " + e.getMessage(), e);
        }
    }

    /** Whether the key's stored value was not written with the first provider (upstream's "stale"). */
    @Override
    public boolean rewriteNeeded(String key) {
        PrefixTransformers t = transformers(key);
        if (t == null) {
            return delegate.rewriteNeeded(key);
        }
        Optional<KeyValue> stored = delegate.get(key);
        return stored.isPresent() && t.fromStorage(stored.get().value(), key).stale();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return delegate.get(key).map(this::decrypt);
    }

    @Override
    public ListResult list(String prefix, ListOptions options) {
        ListResult result = delegate.list(prefix, options);
        return new ListResult(result.items().stream().map(this::decrypt).toList(), result.revision(),
                result.continueToken());
    }

    @Override
    public long create(String key, byte[] value) {
        return delegate.create(key, encrypt(key, value));
    }

    @Override
    public long update(String key, byte[] value, long expectedRevision) {
        try {
            return delegate.update(key, encrypt(key, value), expectedRevision);
        } catch (RevisionConflictException e) {
            throw new RevisionConflictException(key, expectedRevision, decrypt(e.current()));
        }
    }

    @Override
    public long delete(String key, long expectedRevision) {
        return delegate.delete(key, expectedRevision);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        return delegate.watch(prefix, afterRevision, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                WatchEvent plain;
                try {
                    plain = new WatchEvent(event.type(), event.key(), decrypt(event.value()), decrypt(event.previous()),
                            event.revision());
                } catch (TransformException e) {
                    listener.onError(e);
                    return;
                }
                listener.onEvent(plain);
            }

            @Override
            public void onProgress(long revision) {
                listener.onProgress(revision);
            }

            @Override
            public void onError(StoreException error) {
                listener.onError(error);
            }
        });
    }

    @Override
    public long currentRevision() {
        return delegate.currentRevision();
    }

    @Override
    public long compactedRevision() {
        return delegate.compactedRevision();
    }

    @Override
    public void compact(long revision) {
        delegate.compact(revision);
    }

    @Override
    public long snapshot(Path file) {
        return delegate.snapshot(file);
    }

    @Override
    public void restore(Path file) {
        delegate.restore(file);
    }

    @Override
    public long databaseSizeBytes() {
        return delegate.databaseSizeBytes();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
