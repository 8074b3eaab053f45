package dev.capstan.api.audit;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit filter, and its writer when both {@code capstan.api.audit-policy-file} and
 * {@code capstan.api.audit-log-path} are set. A policy that cannot be read stops the server.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {

    /** The writer, or a holder of null when auditing is off (a bean cannot be null). */
    public record AuditBackend(AuditPolicy policy, AuditLogWriter writer) implements AutoCloseable {

        @Override
        public void close() {
            if (writer != null) {
                writer.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    public AuditBackend auditBackend(AuditProperties properties, MeterRegistry meters, ObjectProvider<Clock> clock) {
        if (properties.getAuditPolicyFile() == null || properties.getAuditLogPath() == null
                || properties.getAuditLogPath().isBlank()) {
            return new AuditBackend(null, null);
        }
        AuditPolicy policy = AuditPolicy.read(properties.getAuditPolicyFile());
        AuditLogWriter.Sink sink = properties.getAuditLogPath().equals("-")
                ? AuditLogWriter.Sink.of(System.out)
                : AuditLogWriter.Sink.of(new RotatingLogFile(Path.of(properties.getAuditLogPath()),
                        maxBytes(properties.getAuditLogMaxsize()), properties.getAuditLogMaxbackup(),
                        Duration.ofDays(properties.getAuditLogMaxage()), clock.getIfAvailable(Clock::systemUTC)));
        return new AuditBackend(policy, new AuditLogWriter(sink, properties.getAuditLogQueueSize(), meters));
    }

    /** Upstream writes the log with lumberjack, whose size limit of 0 means 100 MB. */
    static long maxBytes(int megabytes) {
        return (megabytes > 0 ? megabytes : 100) * 1024L * 1024L;
    }

    @Bean
    public AuditFilter auditFilter(AuditBackend backend, MeterRegistry meters, ObjectProvider<Clock> clock) {
        return new AuditFilter(backend.policy(), backend.writer(), clock.getIfAvailable(Clock::systemUTC), meters);
    }
}
