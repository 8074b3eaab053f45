package dev.capstan.controllers.cronjob;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CronJob controller's Job helpers (upstream utils.go): names, templates, finished state, history. */
final class CronJobJobs {

    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    /** Go's time.RFC3339. */
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    /** The API server's defaults for the history limits. */
    static final int DEFAULT_SUCCESSFUL_HISTORY = 3;
    static final int DEFAULT_FAILED_HISTORY = 1;

    private CronJobJobs() {
    }

    /**
     * Upstream's getJobName: the scheduled time in minutes since the epoch makes the name deterministic, so a
     * controller that crashed between creating the Job and recording it cannot start the same run twice.
     */
    static String jobName(CronJob cronJob, Instant scheduled) {
        return cronJob.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
    }

    static Job fromTemplate(CronJob cronJob, Instant scheduled, ZoneId zone) {
        JobTemplateSpec template = cronJob.getSpec().getJobTemplate();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template.getMetadata() != null) {
            labels.putAll(template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
            annotations.putAll(template.getMetadata().getAnnotations() == null ? Map.of() : template.getMetadata().getAnnotations());
        }
        annotations.put(SCHEDULED_TIMESTAMP, RFC3339.format(scheduled.atZone(zone)));
        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName(cronJob, scheduled))
                .withNamespace(cronJob.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                        .withName(cronJob.getMetadata().getName()).withUid(cronJob.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(new JobSpecBuilder(template.getSpec()).build())
                .build();
    }

    /** "Complete" or "Failed" when the Job finished, else null (upstream getFinishedStatus). */
    static String finishedCondition(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition condition : job.getStatus().getConditions()) {
            if (("Complete".equals(condition.getType()) || "Failed".equals(condition.getType()))
                    && "True".equals(condition.getStatus())) {
                return condition.getType();
            }
        }
        return null;
    }

    /** Upstream cleanupFinishedJobs: the oldest finished Jobs beyond the successful / failed history limits. */
    static List<Job> toPrune(CronJob cronJob, List<Job> jobs) {
        Integer successfulLimit = cronJob.getSpec().getSuccessfulJobsHistoryLimit();
        Integer failedLimit = cronJob.getSpec().getFailedJobsHistoryLimit();
        List<Job> successful = jobs.stream().filter(j -> "Complete".equals(finishedCondition(j))).toList();
        List<Job> failed = jobs.stream().filter(j -> "Failed".equals(finishedCondition(j))).toList();
        List<Job> prune = new ArrayList<>();
        prune.addAll(oldest(successful, successfulLimit == null ? DEFAULT_SUCCESSFUL_HISTORY : successfulLimit));
        prune.addAll(oldest(failed, failedLimit == null ? DEFAULT_FAILED_HISTORY : failedLimit));
        return prune;
    }

    /** Upstream's byJobStartTime: by start time, Jobs without one last, ties by name. */
    static final Comparator<Job> BY_START_TIME = Comparator
            .comparing((Job j) -> j.getStatus() == null || j.getStatus().getStartTime() == null
                    ? null : Instant.parse(j.getStatus().getStartTime()), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(j -> j.getMetadata().getName());

    private static List<Job> oldest(List<Job> jobs, int keep) {
        int excess = jobs.size() - Math.max(0, keep);
        return excess <= 0 ? List.of() : jobs.stream().sorted(BY_START_TIME).limit(excess).toList();
    }
}
