package dev.capstan.api.audit;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The audit log ({@code capstan.api.audit-*}), as upstream's --audit-policy-file and --audit-log-* flags. */
@ConfigurationProperties("capstan.api")
public class AuditProperties {

    /** An audit Policy file (audit.k8s.io/v1); without it (or without a log path) nothing is audited. */
    private Path auditPolicyFile;

    /** The audit log file; "-" writes to standard output. */
    private String auditLogPath;

    /** Megabytes the log file may reach before it is rotated; 0 means 100, as upstream (lumberjack's default). */
    private int auditLogMaxsize;

    /** Rotated files kept; 0 keeps all (unless too old). */
    private int auditLogMaxbackup;

    /** Days a rotated file is kept; 0 keeps them regardless of age. */
    private int auditLogMaxage;

    /** Events waiting for the writer; more are dropped and counted in apiserver_audit_error_total. */
    private int auditLogQueueSize = 10_000;

    public Path getAuditPolicyFile() {
        return auditPolicyFile;
    }

    public void setAuditPolicyFile(Path auditPolicyFile) {
        this.auditPolicyFile = auditPolicyFile;
    }

    public String getAuditLogPath() {
        return auditLogPath;
    }

    public void setAuditLogPath(String auditLogPath) {
        this.auditLogPath = auditLogPath;
    }

    public int getAuditLogMaxsize() {
        return auditLogMaxsize;
    }

    public void setAuditLogMaxsize(int auditLogMaxsize) {
        this.auditLogMaxsize = auditLogMaxsize;
    }

    public int getAuditLogMaxbackup() {
        return auditLogMaxbackup;
    }

    public void setAuditLogMaxbackup(int auditLogMaxbackup) {
        this.auditLogMaxbackup = auditLogMaxbackup;
    }

    public int getAuditLogMaxage() {
        return auditLogMaxage;
    }

    public void setAuditLogMaxage(int auditLogMaxage) {
        this.auditLogMaxage = auditLogMaxage;
    }

    public int getAuditLogQueueSize() {
        return auditLogQueueSize;
    }

    public void setAuditLogQueueSize(int auditLogQueueSize) {
        this.auditLogQueueSize = auditLogQueueSize;
    }
}
