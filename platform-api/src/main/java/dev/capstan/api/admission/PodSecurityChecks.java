package dev.capstan.api.admission;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The Pod Security Standards' checks (upstream's {@code k8s.io/pod-security-admission/policy}) over a pod spec:
 * the baseline ones, then for restricted the restricted ones (which replace baseline's capabilities, hostPath and
 * seccomp checks), each in upstream's order and with upstream's wording.
 */
public final class PodSecurityChecks {

    /** One failed check: {@code reason (detail)} in the refusal. */
    public record Violation(String reason, String detail) {
        @Override
        public String toString() {
            return detail.isEmpty() ? reason : reason + " (" + detail + ")";
        }
    }

    private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> RESTRICTED_VOLUME_OK = Set.of("name", "configMap", "csi", "downwardAPI",
            "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private PodSecurityChecks() {
    }

    /** The violations of {@code level} ("baseline" or "restricted"; "privileged" allows everything). */
    public static List<Violation> evaluate(String level, JsonNode podMetadata, JsonNode spec) {
        List<Violation> v = new ArrayList<>();
        if (level.equals("privileged")) {
            return v;
        }
        boolean restricted = level.equals("restricted");
        List<JsonNode> containers = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            spec.path(field).forEach(containers::add);
        }
        // baseline, by check id
        if (!restricted) {
            capabilitiesBaseline(containers, v);
        }
        hostNamespaces(spec, v);
        if (!restricted) {
            hostPathVolumes(spec, v);
        }
        hostPorts(containers, v);
        names(containers, c -> c.path("securityContext").path("privileged").asBoolean(false))
                .ifPresent(n -> v.add(new Violation("privileged", n + " must not set securityContext.privileged=true")));
        List<String> unmasked = containers.stream().filter(c -> !c.path("securityContext").path("procMount")
                .asString("Default").equals("Default")).map(PodSecurityChecks::name).toList();
        if (!unmasked.isEmpty()) {
            v.add(new Violation("procMount", containersWord(unmasked)
                    + " must not set securityContext.procMount to \"Unmasked\""));
        }
        if (!restricted) {
            seccomp(spec, containers, false, v);
        }
        sysctls(spec, v);
        if (!restricted) {
            return v;
        }
        // restricted, by check id
        names(containers, c -> !c.path("securityContext").path("allowPrivilegeEscalation").isBoolean()
                || c.path("securityContext").path("allowPrivilegeEscalation").asBoolean())
                .ifPresent(n -> v.add(new Violation("allowPrivilegeEscalation != false",
                        n + " must set securityContext.allowPrivilegeEscalation=false")));
        capabilitiesRestricted(containers, v);
        restrictedVolumes(spec, v);
        runAsNonRoot(spec, containers, v);
        runAsUser(spec, containers, v);
        seccomp(spec, containers, true, v);
        return v;
    }

    private static void capabilitiesBaseline(List<JsonNode> containers, List<Violation> v) {
        List<String> details = new ArrayList<>();
        for (JsonNode c : containers) {
            Set<String> bad = new LinkedHashSet<>();
            c.path("securityContext").path("capabilities").path("add").forEach(cap -> {
                if (!BASELINE_CAPABILITIES.contains(cap.asString())) {
                    bad.add(cap.asString());
                }
            });
            if (!bad.isEmpty()) {
                details.add("container " + quote(name(c)) + " must not include " + quoteAll(bad)
                        + " in securityContext.capabilities.add");
            }
        }
        if (!details.isEmpty()) {
            v.add(new Violation("non-default capabilities", String.join("; ", details)));
        }
    }

    private static void capabilitiesRestricted(List<JsonNode> containers, List<Violation> v) {
        List<String> details = new ArrayList<>();
        List<String> notDropping = new ArrayList<>();
        for (JsonNode c : containers) {
            boolean dropsAll = false;
            for (JsonNode cap : c.path("securityContext").path("capabilities").path("drop")) {
                dropsAll |= cap.asString().equals("ALL");
            }
            if (!dropsAll) {
                notDropping.add(name(c));
            }
        }
        if (!notDropping.isEmpty()) {
            details.add(containersWord(notDropping) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        for (JsonNode c : containers) {
            Set<String> bad = new LinkedHashSet<>();
            c.path("securityContext").path("capabilities").path("add").forEach(cap -> {
                if (!cap.asString().equals("NET_BIND_SERVICE")) {
                    bad.add(cap.asString());
                }
            });
            if (!bad.isEmpty()) {
                details.add("container " + quote(name(c)) + " must not include " + quoteAll(bad)
                        + " in securityContext.capabilities.add");
            }
        }
        if (!details.isEmpty()) {
            v.add(new Violation("unrestricted capabilities", String.join("; ", details)));
        }
    }

    private static void hostNamespaces(JsonNode spec, List<Violation> v) {
        List<String> set = new ArrayList<>();
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(field).asBoolean(false)) {
                set.add(field + "=true");
            }
        }
        if (!set.isEmpty()) {
            v.add(new Violation("host namespaces", String.join(", ", set)));
        }
    }

    private static void hostPathVolumes(JsonNode spec, List<Violation> v) {
        List<String> names = new ArrayList<>();
        spec.path("volumes").forEach(vol -> {
            if (vol.has("hostPath")) {
                names.add(vol.path("name").asString());
            }
        });
        if (!names.isEmpty()) {
            v.add(new Violation("hostPath volumes", (names.size() == 1 ? "volume " : "volumes ") + quoteAll(names)));
        }
    }

    private static void hostPorts(List<JsonNode> containers, List<Violation> v) {
        List<String> names = new ArrayList<>();
        Set<String> ports = new LinkedHashSet<>();
        for (JsonNode c : containers) {
            boolean any = false;
            for (JsonNode p : c.path("ports")) {
                if (p.path("hostPort").asInt(0) != 0) {
                    ports.add(p.path("hostPort").asString());
                    any = true;
                }
            }
            if (any) {
                names.add(name(c));
            }
        }
        if (!names.isEmpty()) {
            v.add(new Violation("hostPort", containersWord(names) + (names.size() == 1 ? " uses " : " use ")
                    + (ports.size() == 1 ? "hostPort " : "hostPorts ") + String.join(", ", ports)));
        }
    }

    private static void seccomp(JsonNode spec, List<JsonNode> containers, boolean restricted, List<Violation> v) {
        List<String> details = new ArrayList<>();
        String podType = spec.path("securityContext").path("seccompProfile").path("type").asString("");
        boolean podOk = podType.equals("RuntimeDefault") || podType.equals("Localhost");
        if (podType.equals("Unconfined")) {
            details.add("pod must not set securityContext.seccompProfile.type to \"Unconfined\"");
        }
        List<String> unconfined = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        for (JsonNode c : containers) {
            String type = c.path("securityContext").path("seccompProfile").path("type").asString("");
            if (type.equals("Unconfined")) {
                unconfined.add(name(c));
            } else if (type.isEmpty() && !podOk) {
                unset.add(name(c));
            }
        }
        if (!unconfined.isEmpty()) {
            details.add(containersWord(unconfined) + " must not set securityContext.seccompProfile.type to \"Unconfined\"");
        }
        if (restricted && !unset.isEmpty() && podType.isEmpty()) {
            details.add("pod or " + containersWord(unset)
                    + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
        }
        if (!details.isEmpty()) {
            v.add(new Violation("seccompProfile", String.join("; ", details)));
        }
    }

    private static void sysctls(JsonNode spec, List<Violation> v) {
        List<String> bad = new ArrayList<>();
        spec.path("securityContext").path("sysctls").forEach(s -> {
            if (!SAFE_SYSCTLS.contains(s.path("name").asString())) {
                bad.add(s.path("name").asString());
            }
        });
        if (!bad.isEmpty()) {
            v.add(new Violation("forbidden sysctls", String.join(", ", bad)));
        }
    }

    private static void restrictedVolumes(JsonNode spec, List<Violation> v) {
        List<String> names = new ArrayList<>();
        Set<String> types = new LinkedHashSet<>();
        spec.path("volumes").forEach(vol -> {
            for (var field : vol.propertyNames()) {
                if (!RESTRICTED_VOLUME_OK.contains(field)) {
                    names.add(vol.path("name").asString());
                    types.add(field);
                }
            }
        });
        if (!names.isEmpty()) {
            v.add(new Violation("restricted volume types", (names.size() == 1 ? "volume " + quoteAll(names) + " uses"
                    : "volumes " + quoteAll(names) + " use") + " restricted volume type"
                    + (types.size() == 1 ? " " : "s ") + quoteAll(types)));
        }
    }

    private static void runAsNonRoot(JsonNode spec, List<JsonNode> containers, List<Violation> v) {
        List<String> details = new ArrayList<>();
        JsonNode pod = spec.path("securityContext").path("runAsNonRoot");
        boolean podTrue = pod.isBoolean() && pod.asBoolean();
        if (pod.isBoolean() && !pod.asBoolean()) {
            details.add("pod must not set securityContext.runAsNonRoot=false");
        }
        List<String> explicitFalse = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        for (JsonNode c : containers) {
            JsonNode value = c.path("securityContext").path("runAsNonRoot");
            if (value.isBoolean() && !value.asBoolean()) {
                explicitFalse.add(name(c));
            } else if (!value.isBoolean() && !podTrue) {
                unset.add(name(c));
            }
        }
        if (!explicitFalse.isEmpty()) {
            details.add(containersWord(explicitFalse) + " must not set securityContext.runAsNonRoot=false");
        }
        if (!unset.isEmpty() && !pod.isBoolean()) {
            details.add("pod or " + containersWord(unset) + " must set securityContext.runAsNonRoot=true");
        }
        if (!details.isEmpty()) {
            v.add(new Violation("runAsNonRoot != true", String.join("; ", details)));
        }
    }

    private static void runAsUser(JsonNode spec, List<JsonNode> containers, List<Violation> v) {
        List<String> details = new ArrayList<>();
        if (spec.path("securityContext").path("runAsUser").isNumber()
                && spec.path("securityContext").path("runAsUser").asLong() == 0) {
            details.add("pod must not set runAsUser=0");
        }
        names(containers, c -> c.path("securityContext").path("runAsUser").isNumber()
                && c.path("securityContext").path("runAsUser").asLong() == 0)
                .ifPresent(n -> details.add(n + " must not set runAsUser=0"));
        if (!details.isEmpty()) {
            v.add(new Violation("runAsUser=0", String.join("; ", details)));
        }
    }

    private static java.util.Optional<String> names(List<JsonNode> containers, Predicate<JsonNode> failing) {
        List<String> names = containers.stream().filter(failing).map(PodSecurityChecks::name).toList();
        return names.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(containersWord(names));
    }

    private static String containersWord(List<String> names) {
        return (names.size() == 1 ? "container " : "containers ") + quoteAll(names);
    }

    private static String name(JsonNode container) {
        return container.path("name").asString("");
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String quoteAll(java.util.Collection<String> items) {
        return items.stream().map(PodSecurityChecks::quote).collect(Collectors.joining(", "));
    }

}
