package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this host offers, read the way cAdvisor does for upstream's kubelet: cpus the JVM may use, MemTotal from
 * {@code /proc/meminfo}, the size of the filesystem holding the kubelet's root directory, plus the pod limit.
 * Capstan reserves nothing for the system yet, so allocatable equals capacity (upstream's default too when no
 * --kube-reserved/--system-reserved are given, minus the 100Mi hard eviction threshold, which Capstan does not enforce).
 */
public final class HostResources {

    private HostResources() {
    }

    public static Map<String, Quantity> capacity(Path rootDir, int maxPods) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors())));
        capacity.put("memory", new Quantity(memoryKiB() + "Ki"));
        capacity.put("ephemeral-storage", new Quantity(Long.toString(diskBytes(rootDir))));
        capacity.put("pods", new Quantity(Integer.toString(maxPods)));
        capacity.put("hugepages-2Mi", new Quantity("0"));
        return capacity;
    }

    public static long memoryBytes() {
        return memoryKiB() * 1024;
    }

    static long memoryKiB() {
        return meminfo("MemTotal");
    }

    /** MemAvailable as a share of MemTotal: the memory pressure signal. */
    public static double memoryAvailableFraction() {
        long total = meminfo("MemTotal");
        long available = meminfo("MemAvailable");
        return total <= 0 ? 1 : (double) available / total;
    }

    public static double diskAvailableFraction(Path path) {
        try {
            FileStore store = Files.getFileStore(existing(path));
            return (double) store.getUsableSpace() / Math.max(1, store.getTotalSpace());
        } catch (IOException e) {
            return 1;
        }
    }

    private static long meminfo(String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String line : lines) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    static long diskBytes(Path path) {
        try {
            return Files.getFileStore(existing(path)).getTotalSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of("/") : p;
    }
}
