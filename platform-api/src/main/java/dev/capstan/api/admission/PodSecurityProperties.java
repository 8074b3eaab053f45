package dev.capstan.api.admission;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code capstan.api.admission.pod-security.*}: upstream's {@code PodSecurityConfiguration} (the admission
 * configuration file's PodSecurity section) as properties. {@code defaults} apply to namespaces without the
 * {@code pod-security.kubernetes.io/<mode>} labels; {@code exemptions} skip the checks entirely.
 */
public class PodSecurityProperties {

    /** Levels (privileged, baseline, restricted) and versions for namespaces that carry no label. */
    private final Defaults defaults = new Defaults();

    /** Requests that are never checked; their audit events say why ({@code pod-security.kubernetes.io/exempt}). */
    private final Exemptions exemptions = new Exemptions();

    public Defaults getDefaults() {
        return defaults;
    }

    public Exemptions getExemptions() {
        return exemptions;
    }

    public static class Defaults {

        private String enforce = "privileged";
        private String enforceVersion = "latest";
        private String audit = "privileged";
        private String auditVersion = "latest";
        private String warn = "privileged";
        private String warnVersion = "latest";

        /** The default level of {@code mode} (enforce, audit, warn). */
        String level(String mode) {
            return switch (mode) {
                case "enforce" -> enforce;
                case "audit" -> audit;
                default -> warn;
            };
        }

        /** The default version of {@code mode}. */
        String version(String mode) {
            return switch (mode) {
                case "enforce" -> enforceVersion;
                case "audit" -> auditVersion;
                default -> warnVersion;
            };
        }

        public String getEnforce() {
            return enforce;
        }

        public void setEnforce(String enforce) {
            this.enforce = enforce;
        }

        public String getEnforceVersion() {
            return enforceVersion;
        }

        public void setEnforceVersion(String enforceVersion) {
            this.enforceVersion = enforceVersion;
        }

        public String getAudit() {
            return audit;
        }

        public void setAudit(String audit) {
            this.audit = audit;
        }

        public String getAuditVersion() {
            return auditVersion;
        }

        public void setAuditVersion(String auditVersion) {
            this.auditVersion = auditVersion;
        }

        public String getWarn() {
            return warn;
        }

        public void setWarn(String warn) {
            this.warn = warn;
        }

        public String getWarnVersion() {
            return warnVersion;
        }

        public void setWarnVersion(String warnVersion) {
            this.warnVersion = warnVersion;
        }
    }

    public static class Exemptions {

        /** Requesting users (exact names) whose pods are not checked. */
        private Set<String> usernames = new LinkedHashSet<>();
        /** Namespaces whose pods are not checked. */
        private Set<String> namespaces = new LinkedHashSet<>();
        /** Pods (and templates) naming one of these {@code runtimeClassName}s are not checked. */
        private Set<String> runtimeClasses = new LinkedHashSet<>();

        public Set<String> getUsernames() {
            return usernames;
        }

        public void setUsernames(Set<String> usernames) {
            this.usernames = usernames;
        }

        public Set<String> getNamespaces() {
            return namespaces;
        }

        public void setNamespaces(Set<String> namespaces) {
            this.namespaces = namespaces;
        }

        public Set<String> getRuntimeClasses() {
            return runtimeClasses;
        }

        public void setRuntimeClasses(Set<String> runtimeClasses) {
            this.runtimeClasses = runtimeClasses;
        }
    }
}
