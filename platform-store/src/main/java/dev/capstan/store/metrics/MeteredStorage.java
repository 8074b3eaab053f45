package dev.capstan.store.metrics;

import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import dev.capstan.store.ListResult;
import dev.capstan.store.Storage;
import dev.capstan.store.Watch;
import dev.capstan.store.WatchListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Storage} that times every call of the one it wraps, under the names the Kubernetes apiserver uses:
 * {@code etcd_request_duration_seconds{operation,type}} (a histogram; {@code type} is the resource, read from
 * the key) and the gauge {@code apiserver_storage_size_bytes}. Failed calls are timed too: the upstream
 * metric does not split by outcome.
 */
public final class MeteredStorage implements Storage {

    static final String REQUEST_DURATION = "etcd.request.duration";
    static final String STORAGE_SIZE = "apiserver.storage.size";

    private final Storage delegate;
    private final MeterRegistry registry;
    private final Function<String, String> typeOfKey;

    public MeteredStorage(Storage delegate, MeterRegistry registry) {
        this(delegate, registry, ResourceTypes::ofKey);
    }

    public MeteredStorage(Storage delegate, MeterRegistry registry, Function<String, String> typeOfKey) {
        this.delegate = delegate;
        this.registry = registry;
        this.typeOfKey = typeOfKey;
        Gauge.builder(STORAGE_SIZE, delegate, Storage::databaseSizeBytes)
                .baseUnit("bytes")
                .description("Size of the storage database file physically allocated in bytes.")
                .register(registry);
    }

    private <T> T timed(String operation, String key, Supplier<T> call) {
        Timer timer = Timer.builder(REQUEST_DURATION)
                .description("Etcd request latency in seconds for each operation and object type.")
                .tag("operation", operation)
                .tag("type", typeOfKey.apply(key))
                .publishPercentileHistogram()
                .register(registry);
        return timer.record(call);
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return timed("get", key, () -> delegate.get(key));
    }

    @Override
    public ListResult list(String prefix, ListOptions options) {
        return timed("list", prefix, () -> delegate.list(prefix, options));
    }

    @Override
    public long create(String key, byte[] value) {
        return timed("create", key, () -> delegate.create(key, value));
    }

    @Override
    public long update(String key, byte[] value, long expectedRevision) {
        return timed("update", key, () -> delegate.update(key, value, expectedRevision));
    }

    @Override
    public long delete(String key, long expectedRevision) {
        return timed("delete", key, () -> delegate.delete(key, expectedRevision));
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        return timed("watch", prefix, () -> delegate.watch(prefix, afterRevision, listener));
    }

    @Override
    public boolean rewriteNeeded(String key) {
        return delegate.rewriteNeeded(key);
    }

    @Override
    public long currentRevision() {
        return timed("getRevision", "/", delegate::currentRevision);
    }

    @Override
    public long compactedRevision() {
        return delegate.compactedRevision();
    }

    @Override
    public void compact(long revision) {
        timed("compact", "/", () -> {
            delegate.compact(revision);
            return null;
        });
    }

    @Override
    public long snapshot(Path file) {
        return timed("snapshot", "/", () -> delegate.snapshot(file));
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
