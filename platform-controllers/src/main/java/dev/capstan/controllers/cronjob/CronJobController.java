package dev.capstan.controllers.cronjob;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.cronjob.CronJobPlan.CronJobEvent;
import dev.capstan.controllers.runtime.ControllerRunner;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.List;

/**
 * Upstream's CronJob controller (cronjob_controllerv2): starts a Job from the template at each schedule time
 * (honouring the concurrency policy, starting deadline and suspension), tracks its active Jobs, and keeps
 * only the newest finished Jobs. Decisions are {@link CronJobSync}'s; this class reads the caches and writes.
 */
public final class CronJobController implements Controller {

    static final String COMPONENT = "cronjob-controller";

    private final ControllerContext context;
    private final Lister<CronJob> cronJobs;
    private final Lister<Job> jobs;
    private final EventRecorder events;
    private final CronJobSync sync = new CronJobSync();
    private final Clock clock;

    public CronJobController(ControllerContext context) {
        this(context, Clock.systemUTC());
    }

    CronJobController(ControllerContext context, Clock clock) {
        this.context = context;
        this.cronJobs = context.lister(CronJob.class);
        this.jobs = context.lister(Job.class);
        this.events = context.events(COMPONENT);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "cronjob";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(CronJob.class);
        watches.controlledBy(Job.class, "CronJob");
    }

    @Override
    public Result reconcile(ObjectKey key) {
        CronJob cached = cronJobs.get(key);
        if (cached == null) {
            return Result.done();
        }
        List<Job> children = jobs.list(key.namespace()).stream().filter(job -> ownedBy(job, cached)).toList();
        CronJob cronJob = cached;
        CronJobPlan plan = sync.plan(cronJob, children, this::exists, clock.instant());
        if (plan.events().stream().anyMatch(e -> "UnexpectedJob".equals(e.reason()))) {
            // As upstream: our cached CronJob may predate the status write recording that Job; ask the API.
            CronJob fresh = context.client().resources(CronJob.class).inNamespace(key.namespace()).withName(key.name()).get();
            if (fresh == null) {
                return Result.done();
            }
            cronJob = fresh;
            plan = sync.plan(cronJob, children, this::exists, clock.instant());
        }
        for (CronJobEvent event : plan.events()) {
            record(cronJob, event);
        }
        CronJobStatus status = plan.status();
        for (Job job : plan.delete()) {
            try {
                context.client().resources(Job.class).inNamespace(key.namespace()).withName(job.getMetadata().getName())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                events.normal(cronJob, "SuccessfulDelete", "Deleted job " + job.getMetadata().getName());
            } catch (KubernetesClientException e) {
                events.warning(cronJob, "FailedDelete", "Deleted job: " + e.getMessage());
                throw e;
            }
        }
        if (plan.create() != null) {
            status = create(cronJob, plan, status);
        }
        if (CronJobSync.changed(cronJob.getStatus(), status)) {
            CronJob updated = new CronJobBuilder(cronJob).withStatus(status).build();
            context.client().resources(CronJob.class).inNamespace(key.namespace()).resource(updated).updateStatus();
        }
        return plan.requeueAfter() == null ? Result.done() : Result.requeueAfter(plan.requeueAfter());
    }

    /** Creates the scheduled Job and records it as active; an existing Job of ours with that name is that run. */
    private CronJobStatus create(CronJob cronJob, CronJobPlan plan, CronJobStatus status) {
        String namespace = cronJob.getMetadata().getNamespace();
        Job created;
        try {
            created = context.client().resources(Job.class).inNamespace(namespace).resource(plan.create()).create();
            events.normal(cronJob, "SuccessfulCreate", "Created job " + created.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                events.warning(cronJob, "FailedCreate", "Error creating job: " + e.getMessage());
                throw e;
            }
            created = context.client().resources(Job.class).inNamespace(namespace)
                    .withName(plan.create().getMetadata().getName()).get();
            if (created == null || !ownedBy(created, cronJob)) {
                return status; // someone else's Job: they track it
            }
            String uid = created.getMetadata().getUid();
            if (status.getActive() != null && status.getActive().stream().anyMatch(ref -> uid.equals(ref.getUid()))) {
                return status;
            }
        }
        ObjectReference ref = new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withNamespace(namespace).withName(created.getMetadata().getName())
                .withUid(created.getMetadata().getUid()).withResourceVersion(created.getMetadata().getResourceVersion())
                .build();
        return new CronJobStatusBuilder(status).addToActive(ref)
                .withLastScheduleTime(plan.scheduledTime().toString()).build();
    }

    private boolean exists(ObjectReference ref) {
        Job job = context.client().resources(Job.class).inNamespace(ref.getNamespace()).withName(ref.getName()).get();
        return job != null && (ref.getUid() == null || ref.getUid().equals(job.getMetadata().getUid()));
    }

    private void record(CronJob cronJob, CronJobEvent event) {
        if (event.warning()) {
            events.warning(cronJob, event.reason(), event.message());
        } else {
            events.normal(cronJob, event.reason(), event.message());
        }
    }

    private static boolean ownedBy(Job job, CronJob cronJob) {
        OwnerReference owner = ControllerRunner.controllerOf(job);
        return owner != null && cronJob.getMetadata().getUid().equals(owner.getUid());
    }
}
