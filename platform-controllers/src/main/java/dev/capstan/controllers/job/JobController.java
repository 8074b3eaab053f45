package dev.capstan.controllers.job;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.job.JobPlan.JobEvent;
import dev.capstan.controllers.runtime.ControllerRunner;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's Job controller (pkg/controller/job), NonIndexed and Indexed completion modes: runs a Job's pods up to
 * its parallelism until enough succeed, fails it past its backoff limit or active deadline, and keeps its
 * status counts and conditions. Decisions are {@link JobSync}'s; this class reads the caches and writes.
 */
public final class JobController implements Controller {

    static final String COMPONENT = "job-controller";

    private final ControllerContext context;
    private final Lister<Job> jobs;
    private final Lister<Pod> pods;
    private final EventRecorder events;
    private final JobSync sync;
    private final Clock clock;
    private final ExpectedPods expectations;

    public JobController(ControllerContext context, java.time.Duration podFailureBackoff) {
        this(context, new PodFailureBackoff(podFailureBackoff, PodFailureBackoff.UPSTREAM.max()), Clock.systemUTC());
    }

    JobController(ControllerContext context, PodFailureBackoff backoff, Clock clock) {
        this.context = context;
        this.jobs = context.lister(Job.class);
        this.pods = context.lister(Pod.class);
        this.events = context.events(COMPONENT);
        this.sync = new JobSync(backoff);
        this.clock = clock;
        this.expectations = new ExpectedPods(clock);
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Job.class);
        watches.mapped(Pod.class, pod -> {
            OwnerReference owner = ControllerRunner.controllerOf(pod);
            if (owner == null || !"Job".equals(owner.getKind())) {
                return List.of();
            }
            ObjectKey key = new ObjectKey(pod.getMetadata().getNamespace(), owner.getName());
            expectations.observed(key, pod.getMetadata().getName());
            return List.of(key);
        });
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Job job = jobs.get(key);
        if (job == null) {
            expectations.forget(key);
            return Result.done();
        }
        if (job.getMetadata().getDeletionTimestamp() != null || !expectations.satisfied(key, pods)) {
            return Result.done(); // the informer events we wait for will queue the Job again
        }
        List<Pod> owned = pods.list(key.namespace()).stream().filter(pod -> ownedBy(pod, job)).toList();
        JobPlan plan = sync.plan(job, owned, clock.instant());
        apply(key, job, plan);
        return plan.requeueAfter() == null ? Result.done() : Result.requeueAfter(plan.requeueAfter());
    }

    private void apply(ObjectKey key, Job job, JobPlan plan) {
        List<String> created = new ArrayList<>();
        List<String> deleted = plan.delete().stream().map(p -> p.getMetadata().getName()).toList();
        RuntimeException failure = null;
        try {
            for (int i = 0; i < plan.create(); i++) {
                Integer index = plan.indexes().isEmpty() ? null : plan.indexes().get(i);
                Pod pod = context.client().pods().inNamespace(key.namespace()).resource(JobPodTemplate.pod(job, index)).create();
                created.add(pod.getMetadata().getName());
                events.normal(job, "SuccessfulCreate", "Created pod: " + pod.getMetadata().getName());
            }
        } catch (KubernetesClientException e) {
            events.warning(job, "FailedCreate", "Error creating: " + e.getMessage());
            failure = e;
        }
        for (Pod pod : plan.delete()) {
            try {
                context.client().pods().inNamespace(key.namespace()).withName(pod.getMetadata().getName()).delete();
                events.normal(job, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
            } catch (KubernetesClientException e) {
                events.warning(job, "FailedDelete", "Error deleting: " + e.getMessage());
                failure = failure == null ? e : failure;
            }
        }
        expectations.expect(key, created, deleted);
        if (failure != null) {
            throw failure; // retried with backoff; the status waits for a sync that did all its writes
        }
        if (plan.statusChanged()) {
            Job updated = new JobBuilder(job).withStatus(plan.status()).build();
            context.client().resources(Job.class).inNamespace(key.namespace()).resource(updated).updateStatus();
        }
        for (JobEvent event : plan.events()) {
            if (event.warning()) {
                events.warning(job, event.reason(), event.message());
            } else {
                events.normal(job, event.reason(), event.message());
            }
        }
    }

    private static boolean ownedBy(Pod pod, Job job) {
        OwnerReference owner = ControllerRunner.controllerOf(pod);
        return owner != null && job.getMetadata().getUid().equals(owner.getUid());
    }
}
