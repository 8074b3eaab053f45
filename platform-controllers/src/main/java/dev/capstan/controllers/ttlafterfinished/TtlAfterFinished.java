package dev.capstan.controllers.ttlafterfinished;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;

/** Upstream's ttlafterfinished helpers: when a finished Job with {@code ttlSecondsAfterFinished} expires. */
final class TtlAfterFinished {

    private TtlAfterFinished() {
    }

    /** When the Job may be deleted, or null when it never expires (no TTL, or not finished yet). */
    static Instant expireAt(Job job) {
        Integer ttl = job.getSpec() == null ? null : job.getSpec().getTtlSecondsAfterFinished();
        if (ttl == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition condition : job.getStatus().getConditions()) {
            boolean terminal = "Complete".equals(condition.getType()) || "Failed".equals(condition.getType());
            if (terminal && "True".equals(condition.getStatus())) {
                // Upstream's jobFinishTime: the terminal condition's transition time.
                String at = condition.getLastTransitionTime() != null ? condition.getLastTransitionTime()
                        : job.getStatus().getCompletionTime();
                return at == null ? null : Instant.parse(at).plusSeconds(ttl);
            }
        }
        return null;
    }
}
