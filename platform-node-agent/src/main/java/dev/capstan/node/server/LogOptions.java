package dev.capstan.node.server;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code GET /containerLogs/{ns}/{pod}/{container}}, upstream's PodLogOptions as the kubelet reads
 * them. Absent numbers are null; {@code since} folds sinceSeconds and sinceTime into one instant.
 */
public record LogOptions(boolean follow, boolean previous, boolean timestamps, Long tailLines, Long limitBytes,
                         Instant since) {

    static LogOptions fromQuery(String uri, Instant now) {
        Map<String, List<String>> q = new QueryStringDecoder(uri).parameters();
        Instant since = null;
        Long sinceSeconds = number(q, "sinceSeconds");
        if (sinceSeconds != null) {
            since = now.minusSeconds(sinceSeconds);
        } else if (q.containsKey("sinceTime")) {
            since = Instant.parse(q.get("sinceTime").get(0));
        }
        return new LogOptions(flag(q, "follow"), flag(q, "previous"), flag(q, "timestamps"),
                number(q, "tailLines"), number(q, "limitBytes"), since);
    }

    static boolean flag(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v != null && !v.isEmpty() && ("true".equalsIgnoreCase(v.get(0)) || "1".equals(v.get(0)));
    }

    private static Long number(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : Long.valueOf(v.get(0));
    }
}
