package dev.capstan.controllers.ttlafterfinished;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's ttl-after-finished controller: deletes a finished Job (and, with background propagation, its
 * pods through the garbage collector) {@code ttlSecondsAfterFinished} after it finished, looking again at
 * exactly that time.
 */
public final class TtlAfterFinishedController implements Controller {

    private final ControllerContext context;
    private final Lister<Job> jobs;
    private final Clock clock;

    public TtlAfterFinishedController(ControllerContext context) {
        this(context, Clock.systemUTC());
    }

    TtlAfterFinishedController(ControllerContext context, Clock clock) {
        this.context = context;
        this.jobs = context.lister(Job.class);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ttl-after-finished";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Job.class);
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Job job = jobs.get(key);
        if (job == null || job.getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        Instant expireAt = TtlAfterFinished.expireAt(job);
        if (expireAt == null) {
            return Result.done();
        }
        Instant now = clock.instant();
        if (now.isBefore(expireAt)) {
            return Result.requeueAfter(Duration.between(now, expireAt));
        }
        // Upstream re-reads the Job from the API before deleting: the TTL may have been changed meanwhile.
        Job fresh = context.client().resources(Job.class).inNamespace(key.namespace()).withName(key.name()).get();
        if (fresh == null || !job.getMetadata().getUid().equals(fresh.getMetadata().getUid())) {
            return Result.done();
        }
        Instant freshExpiry = TtlAfterFinished.expireAt(fresh);
        if (freshExpiry == null) {
            return Result.done();
        }
        if (now.isBefore(freshExpiry)) {
            return Result.requeueAfter(Duration.between(now, freshExpiry));
        }
        context.client().resources(Job.class).inNamespace(key.namespace()).withName(key.name())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        return Result.done();
    }
}
