package dev.capstan.node.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads CPU and memory usage from the cgroup file system the way cAdvisor does, for cgroup v1 (a hierarchy per
 * controller under {@code cpuacct/} and {@code memory/}) and v2 (one unified tree), told apart at construction by
 * the v2 root's {@code cgroup.controllers}. Cgroup paths are the ones {@code /proc/<pid>/cgroup} names, relative
 * to the hierarchy root. Stateless apart from the two roots; thread-safe.
 */
public final class Cgroups {

    /** cAdvisor counts any limit above 2^62 as "unlimited": the kernel rounds "no limit" to a page multiple. */
    private static final long UNLIMITED = 1L << 62;

    /** /proc/stat counts in USER_HZ, 100 on every Linux architecture the kernel exposes to user space. */
    private static final long NANOS_PER_USER_HZ_TICK = 10_000_000L;

    private final Path root;
    private final Path proc;
    private final boolean unified;

    /**
     * @param root the cgroup file system's mount point ({@code /sys/fs/cgroup})
     * @param proc the proc file system's mount point ({@code /proc})
     */
    public Cgroups(Path root, Path proc) {
        this.root = root;
        this.proc = proc;
        this.unified = Files.exists(root.resolve("cgroup.controllers"));
    }

    /** The host's cgroups as this process sees them. */
    public static Cgroups host() {
        return new Cgroups(Path.of("/sys/fs/cgroup"), Path.of("/proc"));
    }

    /** Whether the host runs the v2 unified hierarchy only. */
    public boolean unified() {
        return unified;
    }

    /**
     * The cgroup a process is in: its memory controller's path on v1 (the same path in every controller under
     * both runc cgroup drivers), its unified path on v2. Empty when the process is gone.
     */
    public Optional<String> cgroupOf(long pid) {
        Optional<String> text = readIfExists(proc.resolve(Long.toString(pid)).resolve("cgroup"));
        return text.map(CgroupMembership::parse)
                .flatMap(m -> unified ? m.unified() : m.controller("memory"));
    }

    /** The usage of the cgroup at that path; empty when it does not exist (any more). */
    public Optional<CgroupStats> read(String cgroupPath) {
        String relative = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        try {
            return Optional.of(unified ? readV2(root.resolve(relative))
                    : readV1(root.resolve("cpuacct").resolve(relative), root.resolve("memory").resolve(relative)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The whole node: on v1 the root cgroups (what cAdvisor reports for "/"), on v2, whose root has no memory
     * files, /proc/stat's busy time and /proc/meminfo's used memory less its inactive file pages.
     */
    public CgroupStats node() {
        try {
            if (!unified) {
                return readV1(root.resolve("cpuacct"), root.resolve("memory"));
            }
            Map<String, Long> meminfo = meminfo(Files.readString(proc.resolve("meminfo")));
            long usage = (meminfo.getOrDefault("MemTotal", 0L) - meminfo.getOrDefault("MemFree", 0L)) * 1024;
            long inactiveFile = meminfo.getOrDefault("Inactive(file)", 0L) * 1024;
            return new CgroupStats(busyNanos(Files.readString(proc.resolve("stat"))), usage,
                    Math.max(0, usage - inactiveFile), meminfo.getOrDefault("AnonPages", 0L) * 1024, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CgroupStats readV1(Path cpuacct, Path memory) throws IOException {
        long cpu = Long.parseLong(Files.readString(cpuacct.resolve("cpuacct.usage")).trim());
        long usage = Long.parseLong(Files.readString(memory.resolve("memory.usage_in_bytes")).trim());
        Map<String, Long> stat = keyValues(Files.readString(memory.resolve("memory.stat")));
        Path limitFile = memory.resolve("memory.limit_in_bytes");
        long limit = Files.exists(limitFile) ? limit(Files.readString(limitFile).trim()) : 0;
        return new CgroupStats(cpu, usage, Math.max(0, usage - stat.getOrDefault("total_inactive_file", 0L)),
                stat.getOrDefault("total_rss", 0L), limit);
    }

    private static CgroupStats readV2(Path dir) throws IOException {
        long cpu = keyValues(Files.readString(dir.resolve("cpu.stat"))).getOrDefault("usage_usec", 0L) * 1000;
        long usage = Long.parseLong(Files.readString(dir.resolve("memory.current")).trim());
        Map<String, Long> stat = keyValues(Files.readString(dir.resolve("memory.stat")));
        Path limitFile = dir.resolve("memory.max");
        long limit = Files.exists(limitFile) ? limit(Files.readString(limitFile).trim()) : 0;
        return new CgroupStats(cpu, usage, Math.max(0, usage - stat.getOrDefault("inactive_file", 0L)),
                stat.getOrDefault("anon", 0L), limit);
    }

    private static long limit(String text) {
        if (text.equals("max")) {
            return 0;
        }
        long limit = Long.parseLong(text);
        return limit > UNLIMITED ? 0 : limit;
    }

    /** The "cpu" line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal, ...; busy is all but idle and iowait. */
    static long busyNanos(String procStat) {
        for (String line : procStat.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("cpu")) {
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy * NANOS_PER_USER_HZ_TICK;
            }
        }
        return 0;
    }

    private static Map<String, Long> meminfo(String text) {
        Map<String, Long> kib = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":\\s*");
            if (f.length == 2) {
                kib.put(f[0], Long.parseLong(f[1].replace("kB", "").trim()));
            }
        }
        return kib;
    }

    /** memory.stat and cpu.stat: "key value" per line. */
    private static Map<String, Long> keyValues(String text) {
        Map<String, Long> values = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                values.put(f[0], Long.parseLong(f[1]));
            }
        }
        return values;
    }

    private static Optional<String> readIfExists(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // a process that exits while we read leaves ESRCH behind, not a missing file
            return Optional.empty();
        }
    }
}
