package dev.capstan.node.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroup reader against fake cgroup and proc trees laid out as the kernel lays them out. */
class CgroupsTest {

    @TempDir
    Path dir;

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private Cgroups cgroups() {
        return new Cgroups(dir.resolve("sys"), dir.resolve("proc"));
    }

    private void v1Container(String path, String usage, String inactiveFile, String limit) throws IOException {
        write("sys/cpuacct" + path + "/cpuacct.usage", "2500000000\n");
        write("sys/memory" + path + "/memory.usage_in_bytes", usage + "\n");
        write("sys/memory" + path + "/memory.stat", """
                cache 4096
                rss 8192
                total_cache 40960
                total_rss 81920
                total_inactive_file %s
                """.formatted(inactiveFile));
        write("sys/memory" + path + "/memory.limit_in_bytes", limit + "\n");
    }

    @Test
    void aV1ContainersCgroupIsItsMemoryControllersPathInProcPidCgroup() throws IOException {
        write("proc/42/cgroup", """
                12:pids:/k8s.io/abc
                5:memory:/k8s.io/abc
                4:cpu,cpuacct:/k8s.io/abc
                1:name=systemd:/k8s.io/abc
                0::/k8s.io/abc-unified
                """);
        Files.createDirectories(dir.resolve("sys/memory"));
        assertThat(cgroups().unified()).isFalse();
        assertThat(cgroups().cgroupOf(42)).contains("/k8s.io/abc");
    }

    @Test
    void aProcessThatIsGoneHasNoCgroup() {
        assertThat(cgroups().cgroupOf(4242)).isEmpty();
    }

    @Test
    void v1UsageIsCpuacctAndMemoryWithWorkingSetUsageLessInactiveFile() throws IOException {
        v1Container("/kubepods/pod1/abc", "1000000", "300000", "268435456");
        assertThat(cgroups().read("/kubepods/pod1/abc"))
                .contains(new CgroupStats(2_500_000_000L, 1_000_000, 700_000, 81_920, 268_435_456));
    }

    @Test
    void v1NoLimitIsReportedAsZeroAsCadvisorDoes() throws IOException {
        v1Container("/k8s.io/abc", "1000000", "0", "9223372036854771712");
        assertThat(cgroups().read("/k8s.io/abc")).hasValueSatisfying(s -> assertThat(s.memoryLimitBytes()).isZero());
    }

    @Test
    void theWorkingSetIsNeverNegative() throws IOException {
        v1Container("/k8s.io/abc", "1000", "5000", "0");
        assertThat(cgroups().read("/k8s.io/abc")).hasValueSatisfying(s -> assertThat(s.workingSetBytes()).isZero());
    }

    @Test
    void aCgroupThatIsGoneReadsAsEmpty() throws IOException {
        Files.createDirectories(dir.resolve("sys/memory"));
        assertThat(cgroups().read("/k8s.io/removed")).isEmpty();
    }

    @Test
    void v1NodeUsageIsTheRootCgroups() throws IOException {
        v1Container("", "5000000", "1000000", "9223372036854771712");
        assertThat(cgroups().node()).isEqualTo(new CgroupStats(2_500_000_000L, 5_000_000, 4_000_000, 81_920, 0));
    }

    private void v2Root() throws IOException {
        write("sys/cgroup.controllers", "cpuset cpu io memory pids\n");
    }

    @Test
    void v2IsDetectedAndAContainersCgroupIsItsUnifiedPath() throws IOException {
        v2Root();
        write("proc/7/cgroup", "0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-abc.scope\n");
        assertThat(cgroups().unified()).isTrue();
        assertThat(cgroups().cgroupOf(7)).contains("/kubepods.slice/kubepods-pod1.slice/cri-containerd-abc.scope");
    }

    @Test
    void v2UsageIsCpuStatAndMemoryCurrentWithWorkingSetLessInactiveFile() throws IOException {
        v2Root();
        write("sys/kubepods/pod1/abc/cpu.stat", "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n");
        write("sys/kubepods/pod1/abc/memory.current", "2000000\n");
        write("sys/kubepods/pod1/abc/memory.stat", "anon 600000\nfile 1400000\ninactive_file 500000\n");
        write("sys/kubepods/pod1/abc/memory.max", "max\n");
        assertThat(cgroups().read("/kubepods/pod1/abc"))
                .contains(new CgroupStats(1_500_000_000L, 2_000_000, 1_500_000, 600_000, 0));
        write("sys/kubepods/pod1/abc/memory.max", "134217728\n");
        assertThat(cgroups().read("/kubepods/pod1/abc"))
                .hasValueSatisfying(s -> assertThat(s.memoryLimitBytes()).isEqualTo(134_217_728));
    }

    @Test
    void v2NodeUsageIsProcStatBusyTimeAndMeminfoUsedLessInactiveFile() throws IOException {
        v2Root();
        // user nice system idle iowait irq softirq steal guest guest_nice, in 1/100 s
        write("proc/stat", """
                cpu  100 20 30 9000 50 4 6 10 0 0
                cpu0 100 20 30 9000 50 4 6 10 0 0
                intr 1 2 3
                """);
        write("proc/meminfo", """
                MemTotal:        8000000 kB
                MemFree:         3000000 kB
                MemAvailable:    6000000 kB
                Inactive(file):  1000000 kB
                AnonPages:        700000 kB
                """);
        assertThat(cgroups().node()).isEqualTo(new CgroupStats(1_700_000_000L, 5_000_000L * 1024,
                4_000_000L * 1024, 700_000L * 1024, 0));
    }
}
