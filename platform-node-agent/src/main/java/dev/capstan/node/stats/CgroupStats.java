package dev.capstan.node.stats;

/**
 * One cgroup's CPU and memory figures, as cAdvisor reports them.
 *
 * @param cpuUsageNanos    cumulative CPU time of every task in the cgroup and its children, in nanoseconds
 * @param memoryUsageBytes all memory charged to the cgroup, page cache included
 * @param workingSetBytes  usage minus inactive file pages (cAdvisor's and the eviction manager's "working set"),
 *                         never below zero
 * @param rssBytes         anonymous memory (v1 {@code total_rss}, v2 {@code anon})
 * @param memoryLimitBytes the memory limit, 0 when unlimited (cAdvisor's convention for the spec metric)
 */
public record CgroupStats(long cpuUsageNanos, long memoryUsageBytes, long workingSetBytes, long rssBytes,
                          long memoryLimitBytes) {

    /** Adds CPU and memory of two disjoint cgroups; the sum has no limit of its own. */
    public CgroupStats plus(CgroupStats other) {
        return new CgroupStats(cpuUsageNanos + other.cpuUsageNanos, memoryUsageBytes + other.memoryUsageBytes,
                workingSetBytes + other.workingSetBytes, rssBytes + other.rssBytes, 0);
    }

    public static final CgroupStats ZERO = new CgroupStats(0, 0, 0, 0, 0);
}
