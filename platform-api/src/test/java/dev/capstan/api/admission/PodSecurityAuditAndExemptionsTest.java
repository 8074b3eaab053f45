package dev.capstan.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.security.UserInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PodSecurity's audit mode, cluster defaults and exemptions (upstream's PodSecurityConfiguration), as the audit
 * log and a client of the store see them.
 */
class PodSecurityAuditAndExemptionsTest {

    static final String PRIVILEGED_POD = "{\"metadata\":{\"name\":\"NAME\"},\"spec\":{\"hostPID\":true,"
            + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
    static final UserInfo ALICE = new UserInfo("alice", "", List.of("system:authenticated"), Map.of());
    static final UserInfo OPERATOR = new UserInfo("platform-operator", "", List.of("system:authenticated"), Map.of());

    @TempDir
    Path dir;
    AdmissionFixture fx;

    @BeforeEach
    void open() {
        PodSecurityProperties config = new PodSecurityProperties();
        config.getDefaults().setEnforce("baseline");
        config.getDefaults().setAudit("restricted");
        config.getExemptions().setUsernames(Set.of("platform-operator"));
        config.getExemptions().setNamespaces(Set.of("kube-system"));
        config.getExemptions().setRuntimeClasses(Set.of("kata"));
        fx = new AdmissionFixture(dir, reader -> List.of(new PodSecurityAdmission(reader, config)));
        fx.namespace("apps", "{}");
        fx.namespace("kube-system", "{}");
        fx.namespace("audited", "{\"pod-security.kubernetes.io/enforce\":\"privileged\","
                + "\"pod-security.kubernetes.io/audit\":\"baseline\",\"pod-security.kubernetes.io/audit-version\":\"v1.30\"}");
    }

    @AfterEach
    void close() {
        fx.close();
    }

    static String pod(String name) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
    }

    @Test
    void theAuditLevelAnnotatesTheRequestAndAdmitsThePod() {
        Map<String, String> annotations = new LinkedHashMap<>();
        fx.createAudited(ALICE, annotations, "", "pods", "audited", PRIVILEGED_POD.replace("NAME", "p"));

        assertThat(fx.reader.get("", "pods", "audited", "p")).isPresent();
        assertThat(annotations).containsEntry("pod-security.kubernetes.io/enforce-policy", "privileged:latest")
                .containsEntry("pod-security.kubernetes.io/audit-violations",
                        "would violate PodSecurity \"baseline:v1.30\": host namespaces (hostPID=true)");
    }

    @Test
    void namespacesWithoutLabelsGetTheConfiguredDefaults() {
        Map<String, String> refusedAnnotations = new LinkedHashMap<>();
        assertThatThrownBy(() -> fx.createAudited(ALICE, refusedAnnotations, "", "pods", "apps",
                PRIVILEGED_POD.replace("NAME", "p")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("pods \"p\" is forbidden: violates PodSecurity "
                            + "\"baseline:latest\": host namespaces (hostPID=true)");
                });
        // the refused request's audit event still says which policy refused it and what the audit level saw
        assertThat(refusedAnnotations).containsEntry("pod-security.kubernetes.io/enforce-policy", "baseline:latest");
        assertThat(refusedAnnotations.get("pod-security.kubernetes.io/audit-violations"))
                .startsWith("would violate PodSecurity \"restricted:latest\": host namespaces (hostPID=true), "
                        + "allowPrivilegeEscalation != false");

        Map<String, String> admitted = new LinkedHashMap<>();
        fx.createAudited(ALICE, admitted, "", "pods", "apps", pod("plain"));
        assertThat(admitted.get("pod-security.kubernetes.io/audit-violations"))
                .startsWith("would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false");
        assertThat(fx.reader.get("", "pods", "apps", "p")).isEmpty();
    }

    @Test
    void exemptUsersNamespacesAndRuntimeClassesAreNotChecked() {
        Map<String, String> byUser = new LinkedHashMap<>();
        fx.createAudited(OPERATOR, byUser, "", "pods", "apps", PRIVILEGED_POD.replace("NAME", "by-operator"));
        assertThat(byUser).containsExactly(Map.entry("pod-security.kubernetes.io/exempt", "user"));

        Map<String, String> inNamespace = new LinkedHashMap<>();
        fx.createAudited(ALICE, inNamespace, "", "pods", "kube-system", PRIVILEGED_POD.replace("NAME", "system"));
        assertThat(inNamespace).containsExactly(Map.entry("pod-security.kubernetes.io/exempt", "namespace"));

        Map<String, String> byRuntimeClass = new LinkedHashMap<>();
        fx.createAudited(ALICE, byRuntimeClass, "", "pods", "apps", "{\"metadata\":{\"name\":\"sandboxed\"},\"spec\":{"
                + "\"runtimeClassName\":\"kata\",\"hostPID\":true,\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        assertThat(byRuntimeClass).containsExactly(Map.entry("pod-security.kubernetes.io/exempt", "runtimeClass"));

        assertThat(fx.reader.get("", "pods", "apps", "by-operator")).isPresent();
        assertThat(fx.reader.get("", "pods", "kube-system", "system")).isPresent();
        assertThat(fx.reader.get("", "pods", "apps", "sandboxed")).isPresent();
        // another runtime class is checked as usual
        assertThatThrownBy(() -> fx.createAudited(ALICE, new LinkedHashMap<>(), "", "pods", "apps",
                "{\"metadata\":{\"name\":\"runc\"},\"spec\":{\"runtimeClassName\":\"runc\",\"hostPID\":true,"
                        + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}"))
                .isInstanceOf(ApiException.class);
    }
}
