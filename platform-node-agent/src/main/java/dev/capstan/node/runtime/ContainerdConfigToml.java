package dev.capstan.node.runtime;

import java.util.Map;

/**
 * Renders the containerd 1.6 {@code config.toml} (schema version 2) for a managed containerd.
 *
 * <p>Choices that differ from containerd's defaults, and why:
 * <ul>
 * <li>{@code root}, {@code state}, the socket, runc's root and the "opt" plugin's path all point into the base
 *     directory, so several containerds (or a system one) can run side by side and the agent can remove its own.</li>
 * <li>{@code restrict_oom_score_adj = true}: without CAP_SYS_RESOURCE runc cannot lower a process' oom_score_adj
 *     below its own, and sandbox creation fails with "can't get final child's PID from pipe".</li>
 * <li>{@code disable_apparmor = true}: the agent does not manage AppArmor profiles (Kubernetes' pod AppArmor
 *     fields are not supported), and hosts without apparmor_parser cannot load containerd's default profile.</li>
 * <li>runc with {@code SystemdCgroup = false}: the node uses cgroupfs (cgroup v1), as the kubelet's
 *     {@code cgroupDriver: cgroupfs}.</li>
 * <li>the CNI config directory is ours and holds exactly one network ({@code max_conf_num = 1}).</li>
 * <li>the streaming server (exec/attach/port-forward URLs) listens on loopback only, on a free port.</li>
 * </ul>
 * containerd 1.6 has no {@code enable_cdi} (CDI arrived in 1.7), so CDI is off without saying so.
 */
final class ContainerdConfigToml {

    private ContainerdConfigToml() {
    }

    static String render(ContainerdSettings settings) {
        ContainerdLayout layout = settings.layout();
        String cri = "[plugins.\"io.containerd.grpc.v1.cri\"";
        StringBuilder toml = new StringBuilder()
                .append("# Written by the Capstan node agent; rewritten on every start.\n")
                .append("version = 2\n")
                .append("root = ").append(quote(layout.root().toString())).append('\n')
                .append("state = ").append(quote(layout.state().toString())).append('\n')
                .append('\n')
                .append("[grpc]\n")
                .append("  address = ").append(quote(layout.socket().toString())).append('\n')
                .append('\n')
                .append("[plugins]\n")
                .append("  [plugins.\"io.containerd.internal.v1.opt\"]\n")
                .append("    path = ").append(quote(layout.opt().toString())).append('\n')
                .append("  ").append(cri).append("]\n")
                .append("    sandbox_image = ").append(quote(settings.sandboxImage())).append('\n')
                .append("    restrict_oom_score_adj = true\n")
                .append("    disable_apparmor = true\n")
                .append("    enable_selinux = false\n")
                .append("    stream_server_address = \"127.0.0.1\"\n")
                .append("    stream_server_port = \"0\"\n")
                .append("    enable_tls_streaming = false\n")
                .append("    ").append(cri).append(".containerd]\n")
                .append("      snapshotter = \"overlayfs\"\n")
                .append("      default_runtime_name = \"runc\"\n")
                .append("      ").append(cri).append(".containerd.runtimes.runc]\n")
                .append("        runtime_type = \"io.containerd.runc.v2\"\n")
                .append("        ").append(cri).append(".containerd.runtimes.runc.options]\n")
                .append("          SystemdCgroup = false\n")
                .append("          Root = ").append(quote(layout.runcRoot().toString())).append('\n')
                .append("    ").append(cri).append(".cni]\n")
                .append("      bin_dir = ").append(quote(settings.cniBinDir().toString())).append('\n')
                .append("      conf_dir = ").append(quote(layout.cniConfDir().toString())).append('\n')
                .append("      max_conf_num = 1\n");
        for (Map.Entry<String, String> mirror : settings.imageMirrors().entrySet()) {
            toml.append("    ").append(cri).append(".registry.mirrors.").append(quote(mirror.getKey())).append("]\n")
                    .append("      endpoint = [").append(quote(mirror.getValue())).append("]\n");
        }
        return toml.toString();
    }

    /** A TOML basic string. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
