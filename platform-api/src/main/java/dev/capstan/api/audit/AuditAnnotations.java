package dev.capstan.api.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.server.ServerWebExchange;

/**
 * The annotations a request's handling adds to its audit events (upstream's {@code audit.AddAuditAnnotation}):
 * PodSecurity's {@code pod-security.kubernetes.io/*}, webhooks' {@code auditAnnotations}. The audit filter puts
 * one map on each audited exchange; a request that is not audited gets a map nobody reads.
 */
public final class AuditAnnotations {

    static final String ATTRIBUTE = "capstan.audit.annotations";

    private AuditAnnotations() {
    }

    /** A new map for an audited exchange, kept on it for {@link #of}. */
    static Map<String, String> attach(ServerWebExchange exchange) {
        Map<String, String> annotations = Collections.synchronizedMap(new LinkedHashMap<>());
        exchange.getAttributes().put(ATTRIBUTE, annotations);
        return annotations;
    }

    /** Where the request's handling adds audit annotations. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> of(ServerWebExchange exchange) {
        Object annotations = exchange.getAttribute(ATTRIBUTE);
        return annotations instanceof Map<?, ?> map ? (Map<String, String>) map : new LinkedHashMap<>();
    }
}
