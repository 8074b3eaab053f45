package dev.capstan.api.table;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** batch: Job and CronJob. */
final class BatchColumns {

    static final KindPrinter JOB = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Status", "string", "Status of the job."),
            Column.of("Completions", "string", "The number of pods which reached phase Succeeded."),
            Column.of("Duration", "string", "Time required to complete the job."),
            Column.ageColumn(),
            Column.wide("Containers", "string", Descriptions.CONTAINERS),
            Column.wide("Images", "string", Descriptions.IMAGES),
            Column.wide("Selector", "string", "A label query over pods that should match the pod count.")),
            (o, now, cells) -> {
                JsonNode spec = o.path("spec");
                JsonNode template = spec.path("template");
                cells.add(Fields.name(o))
                        .add(jobStatus(o))
                        .add(completions(o))
                        .add(duration(o, now))
                        .add(Fields.age(o, now));
                String[] namesAndImages = Fields.containerCells(Fields.at(template, "spec", "containers"));
                cells.add(namesAndImages[0]).add(namesAndImages[1]).add(Selectors.format(spec.path("selector")));
            });

    static final KindPrinter CRON_JOB = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Schedule", "string", "The schedule in Cron format, see"
                    + " https://en.wikipedia.org/wiki/Cron."),
            Column.of("Timezone", "string", "The time zone name for the given schedule, see"
                    + " https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
            Column.of("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it"
                    + " does not apply to already started executions."),
            Column.of("Active", "integer", "A list of pointers to currently running jobs."),
            Column.of("Last Schedule", "string", "Information when was the last time the job was successfully"
                    + " scheduled."),
            Column.ageColumn(),
            Column.wide("Containers", "string", Descriptions.CONTAINERS),
            Column.wide("Images", "string", Descriptions.IMAGES),
            Column.wide("Selector", "string", "A label query over pods that should match the pod count.")),
            (o, now, cells) -> {
                JsonNode spec = o.path("spec");
                JsonNode jobSpec = spec.path("jobTemplate").path("spec");
                Instant lastSchedule = Fields.time(o, "status", "lastScheduleTime");
                String timeZone = Fields.strOrNull(spec, "timeZone");
                JsonNode suspend = spec.path("suspend");
                cells.add(Fields.name(o))
                        .add(Fields.str(spec, "schedule"))
                        .add(timeZone == null ? "<none>" : timeZone)
                        // upstream prints the pointer as text even though the column is typed boolean
                        .add(suspend.isBoolean() ? (suspend.booleanValue() ? "True" : "False") : "<unset>")
                        .add((long) Fields.count(o, "status", "active"))
                        .add(lastSchedule == null ? "<none>" : Fields.since(lastSchedule, now))
                        .add(Fields.age(o, now));
                String[] namesAndImages = Fields.containerCells(
                        Fields.at(jobSpec, "template", "spec", "containers"));
                cells.add(namesAndImages[0]).add(namesAndImages[1]).add(Selectors.format(jobSpec.path("selector")));
            });

    private BatchColumns() {
    }

    /** Complete, Failed, Terminating, Suspended, FailureTarget, else Running — in upstream's precedence. */
    private static String jobStatus(JsonNode job) {
        if (hasCondition(job, "Complete")) {
            return "Complete";
        }
        if (hasCondition(job, "Failed")) {
            return "Failed";
        }
        if (Fields.deleting(job)) {
            return "Terminating";
        }
        if (hasCondition(job, "Suspended")) {
            return "Suspended";
        }
        if (hasCondition(job, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /** The first condition of the type decides, as upstream's hasJobCondition reads it. */
    private static boolean hasCondition(JsonNode job, String type) {
        for (JsonNode c : Fields.list(job, "status", "conditions")) {
            if (Fields.str(c, "type").equals(type)) {
                return Fields.str(c, "status").equals("True");
            }
        }
        return false;
    }

    /** "succeeded/completions"; without completions "n/1", or "n/1 of p" for parallel work queues. */
    private static String completions(JsonNode job) {
        long succeeded = Fields.num(job, "status", "succeeded");
        JsonNode completions = job.path("spec").path("completions");
        if (completions.isNumber()) {
            return succeeded + "/" + completions.longValue();
        }
        long parallelism = Fields.num(job, "spec", "parallelism");
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    /** Start to completion, or start to now while running; empty before the job starts. */
    private static String duration(JsonNode job, Instant now) {
        Instant start = Fields.time(job, "status", "startTime");
        if (start == null) {
            return "";
        }
        Instant end = Fields.time(job, "status", "completionTime");
        return HumanDuration.format(Duration.between(start, end == null ? now : end));
    }
}
