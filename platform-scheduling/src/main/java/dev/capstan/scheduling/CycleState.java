package dev.capstan.scheduling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State shared by the plugins during one scheduling cycle of one pod: PreFilter computes something once and
 * Filter reads it for every node. Filters run in parallel, so writes belong in PreFilter/PreScore; values
 * are read by many threads. Preemption copies the state ({@link #copy()}) to simulate removing victims.
 */
public final class CycleState {

    /** A value kept in the cycle state; {@link #copy()} must return an independent copy if it is mutable. */
    public interface Data {
        Data copy();
    }

    private final Map<String, Data> values;

    public CycleState() {
        this.values = new ConcurrentHashMap<>();
    }

    private CycleState(Map<String, Data> values) {
        this.values = values;
    }

    public void write(String key, Data value) {
        values.put(key, value);
    }

    /** The value under {@code key}, or null when none was written. */
    public <T extends Data> T read(String key, Class<T> type) {
        Data value = values.get(key);
        return value == null ? null : type.cast(value);
    }

    /** A deep copy: every value copied through {@link Data#copy()}. */
    public CycleState copy() {
        Map<String, Data> copied = new ConcurrentHashMap<>();
        values.forEach((key, value) -> copied.put(key, value.copy()));
        return new CycleState(copied);
    }
}
