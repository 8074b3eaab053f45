package dev.capstan.node.stats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cgroups a process is in, parsed from {@code /proc/<pid>/cgroup}: one line per hierarchy,
 * {@code id:controllers:path}; cgroup v1 names its controllers ({@code 4:cpu,cpuacct:/k8s.io/abc}), the v2
 * unified hierarchy has id 0 and no controllers ({@code 0::/kubepods/pod1/abc}).
 */
public final class CgroupMembership {

    private final Map<String, String> pathByController;
    private final String unifiedPath;

    private CgroupMembership(Map<String, String> pathByController, String unifiedPath) {
        this.pathByController = pathByController;
        this.unifiedPath = unifiedPath;
    }

    public static CgroupMembership parse(String procPidCgroup) {
        Map<String, String> byController = new HashMap<>();
        String unified = null;
        for (String line : procPidCgroup.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                unified = parts[2];
            } else {
                for (String controller : parts[1].split(",")) {
                    byController.put(controller, parts[2]);
                }
            }
        }
        return new CgroupMembership(byController, unified);
    }

    /** The path under a v1 controller's hierarchy, e.g. {@code controller("memory")}. */
    public Optional<String> controller(String name) {
        return Optional.ofNullable(pathByController.get(name));
    }

    /** The path in the v2 unified hierarchy (on a hybrid v1 host, the one systemd keeps under "unified"). */
    public Optional<String> unified() {
        return Optional.ofNullable(unifiedPath);
    }
}
