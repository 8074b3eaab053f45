package dev.capstan.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory and CPU time of a Linux process, from {@code /proc/<pid>/status} and {@code /proc/<pid>/stat}. */
final class ProcStats {

    /** USER_HZ; 100 on every Linux the JDK runs on, so not read from sysconf. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** Resident set size now, in MiB (VmRSS). */
    static double rssMiB(long pid) throws IOException {
        return statusKiB(pid, "VmRSS:") / 1024.0;
    }

    /** Peak resident set size so far, in MiB (VmHWM). */
    static double peakRssMiB(long pid) throws IOException {
        return statusKiB(pid, "VmHWM:") / 1024.0;
    }

    /** User plus system CPU time consumed so far, in seconds. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name in field 2 may hold spaces; the fields after its closing parenthesis are fixed
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    private static long statusKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field + " for pid " + pid);
    }
}
