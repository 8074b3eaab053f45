package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * An amount of node resources as upstream's {@code framework.Resource}: CPU in millicores, memory and
 * ephemeral storage in bytes, a pod count, and scalar (extended) resources such as {@code nvidia.com/gpu} or
 * {@code hugepages-2Mi} by name. Mutable; {@link #copy()} before sharing.
 */
public final class Resource {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    private long milliCpu;
    private long memory;
    private long ephemeralStorage;
    private long allowedPodNumber;
    private final Map<String, Long> scalar = new HashMap<>();

    public Resource() {
    }

    public Resource(long milliCpu, long memory) {
        this.milliCpu = milliCpu;
        this.memory = memory;
    }

    /** A resource list (requests, limits, capacity or allocatable) read as amounts; unknown names are scalars. */
    public static Resource of(Map<String, Quantity> list) {
        Resource resource = new Resource();
        if (list != null) {
            list.forEach(resource::set);
        }
        return resource;
    }

    /** Sets one named amount from a Quantity. */
    public void set(String name, Quantity quantity) {
        switch (name) {
            case CPU -> milliCpu = milliValue(quantity);
            case MEMORY -> memory = value(quantity);
            case EPHEMERAL_STORAGE -> ephemeralStorage = value(quantity);
            case PODS -> allowedPodNumber = value(quantity);
            default -> scalar.put(name, value(quantity));
        }
    }

    /** The amount under a resource name, in this class's units (millicores for cpu). */
    public long get(String name) {
        return switch (name) {
            case CPU -> milliCpu;
            case MEMORY -> memory;
            case EPHEMERAL_STORAGE -> ephemeralStorage;
            case PODS -> allowedPodNumber;
            default -> scalar.getOrDefault(name, 0L);
        };
    }

    public void add(Resource other) {
        milliCpu += other.milliCpu;
        memory += other.memory;
        ephemeralStorage += other.ephemeralStorage;
        allowedPodNumber += other.allowedPodNumber;
        other.scalar.forEach((name, amount) -> scalar.merge(name, amount, Long::sum));
    }

    public void subtract(Resource other) {
        milliCpu -= other.milliCpu;
        memory -= other.memory;
        ephemeralStorage -= other.ephemeralStorage;
        allowedPodNumber -= other.allowedPodNumber;
        other.scalar.forEach((name, amount) -> scalar.merge(name, -amount, Long::sum));
    }

    /** Each amount set to the larger of this and {@code other} (init containers run one at a time). */
    public void setMax(Resource other) {
        milliCpu = Math.max(milliCpu, other.milliCpu);
        memory = Math.max(memory, other.memory);
        ephemeralStorage = Math.max(ephemeralStorage, other.ephemeralStorage);
        allowedPodNumber = Math.max(allowedPodNumber, other.allowedPodNumber);
        other.scalar.forEach((name, amount) -> scalar.merge(name, amount, Math::max));
    }

    public long milliCpu() {
        return milliCpu;
    }

    public long memory() {
        return memory;
    }

    public long ephemeralStorage() {
        return ephemeralStorage;
    }

    public long allowedPodNumber() {
        return allowedPodNumber;
    }

    public void setMilliCpu(long milliCpu) {
        this.milliCpu = milliCpu;
    }

    public void setMemory(long memory) {
        this.memory = memory;
    }

    public void setEphemeralStorage(long ephemeralStorage) {
        this.ephemeralStorage = ephemeralStorage;
    }

    public void setAllowedPodNumber(long allowedPodNumber) {
        this.allowedPodNumber = allowedPodNumber;
    }

    /** Scalar (extended) resources by name; a live view. */
    public Map<String, Long> scalarResources() {
        return scalar;
    }

    public Resource copy() {
        Resource copy = new Resource(milliCpu, memory);
        copy.ephemeralStorage = ephemeralStorage;
        copy.allowedPodNumber = allowedPodNumber;
        copy.scalar.putAll(scalar);
        return copy;
    }

    /** A quantity in millis, rounded up as upstream's {@code MilliValue}. */
    public static long milliValue(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).multiply(BigDecimal.valueOf(1000))
                .setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** A quantity as an integer, rounded up as upstream's {@code Value}. */
    public static long value(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    @Override
    public String toString() {
        return "Resource{cpu=" + milliCpu + "m, memory=" + memory + ", ephemeral-storage=" + ephemeralStorage
                + ", pods=" + allowedPodNumber + (scalar.isEmpty() ? "" : ", " + scalar) + "}";
    }
}
