package dev.capstan.scheduling.core;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.PermitPlugin;
import dev.capstan.scheduling.PostFilterPlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import dev.capstan.scheduling.cache.SchedulerCache;
import dev.capstan.scheduling.framework.SchedulingFramework;
import dev.capstan.scheduling.queue.QueuedPod;
import dev.capstan.scheduling.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop (upstream's {@code scheduleOne}): one thread pops the next pod, places it against a
 * fresh snapshot, assumes it on the chosen node in the cache and hands the binding cycle (Permit wait,
 * PreBind, Bind) to a pool, so the next pod is placed while the previous one is still being bound. A pod
 * that fits nowhere goes through PostFilter (preemption) and back to the queue with the upstream-shaped
 * condition and Event.
 */
public final class Scheduler {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final Map<String, SchedulingFramework> profiles = new HashMap<>();
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final PodPlacement placement;
    private final ExecutorService binders;
    private final SchedulingReporter reporter;
    private final SchedulerMetrics metrics;
    private volatile boolean running;
    private final Function<String, Pod> podLookup;

    public Scheduler(List<SchedulingFramework> frameworks, SchedulerCache cache, SchedulingQueue queue, PodPlacement placement,
                     ExecutorService binders, SchedulingReporter reporter, SchedulerMetrics metrics,
                     Function<String, Pod> podLookup) {
        this.podLookup = podLookup;
        frameworks.forEach(f -> profiles.put(f.schedulerName(), f));
        this.cache = cache;
        this.queue = queue;
        this.placement = placement;
        this.binders = binders;
        this.reporter = reporter;
        this.metrics = metrics;
    }

    /** Schedules pods until {@link #stop()}; run on the scheduling thread. */
    public void run() {
        running = true;
        while (running) {
            try {
                QueuedPod queued = queue.pop(Duration.ofMillis(500));
                if (queued != null) {
                    scheduleOne(queued);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("event=scheduling_loop_error", e);
            }
        }
    }

    public void stop() {
        running = false;
    }

    void scheduleOne(QueuedPod queued) {
        Pod pod = queued.pod();
        long started = System.nanoTime();
        SchedulingFramework framework = profiles.get(schedulerNameOf(pod));
        if (framework == null || pod.getMetadata().getDeletionTimestamp() != null || cache.isAssumed(pod)) {
            queue.done(queued);
            return;
        }
        long cycle = queue.schedulingCycle();
        Snapshot snapshot = cache.updateSnapshot();
        framework.beginCycle(snapshot);
        CycleState state = new CycleState();
        ScheduleResult result;
        try {
            result = placement.schedule(framework, state, pod, snapshot);
        } catch (UnschedulableException e) {
            handleUnschedulable(framework, state, queued, cycle, e.fitError(), started);
            return;
        } catch (RuntimeException e) {
            log.warn("event=scheduling_error pod={} error={}", queued.key(), e.toString());
            metrics.attempt(SchedulerMetrics.Result.ERROR, framework.schedulerName(), elapsed(started));
            queue.requeue(queued, cycle, true);
            return;
        }
        String nodeName = result.nodeName();
        Pod assumed = pod;
        cache.assumePod(queued.podInfo(), nodeName);
        Status reserve = framework.runReserve(state, pod, nodeName);
        if (!reserve.isSuccess()) {
            failBinding(framework, state, queued, cycle, nodeName, assumed, reserve, started);
            return;
        }
        PermitPlugin.PermitResult permit = framework.runPermit(state, pod, nodeName);
        if (permit.status().isRejected() || permit.status().code() == Status.Code.ERROR) {
            failBinding(framework, state, queued, cycle, nodeName, assumed, permit.status(), started);
            return;
        }
        queue.done(queued);
        binders.execute(() -> bindingCycle(framework, state, queued, cycle, nodeName, assumed, permit, started));
    }

    private void bindingCycle(SchedulingFramework framework, CycleState state, QueuedPod queued, long cycle, String nodeName,
                              Pod assumed, PermitPlugin.PermitResult permit, long started) {
        Pod pod = queued.pod();
        Status status = permit.status().code() == Status.Code.WAIT ? framework.waitOnPermit(pod, permit.timeout())
                : Status.success();
        if (status.isSuccess()) {
            status = framework.runPreBind(state, pod, nodeName);
        }
        if (status.isSuccess()) {
            status = framework.runBind(state, pod, nodeName);
        }
        if (!status.isSuccess()) {
            requeueAfterBindingFailure(framework, state, queued, cycle, nodeName, assumed, status, started);
            return;
        }
        metrics.attempt(SchedulerMetrics.Result.SCHEDULED, framework.schedulerName(), elapsed(started));
        reporter.scheduled(pod, nodeName);
    }

    private void failBinding(SchedulingFramework framework, CycleState state, QueuedPod queued, long cycle, String nodeName,
                             Pod assumed, Status status, long started) {
        framework.runUnreserve(state, queued.pod(), nodeName);
        cache.forgetPod(assumed);
        boolean error = status.code() == Status.Code.ERROR;
        metrics.attempt(error ? SchedulerMetrics.Result.ERROR : SchedulerMetrics.Result.UNSCHEDULABLE,
                framework.schedulerName(), elapsed(started));
        if (!error) {
            reporter.unschedulable(queued.pod(), status.message(), null);
        }
        queue.requeue(queued, cycle, error);
    }

    /** A binding that failed after the pod left the queue: undo the assumption and queue the pod again. */
    private void requeueAfterBindingFailure(SchedulingFramework framework, CycleState state, QueuedPod queued, long cycle,
                                            String nodeName, Pod assumed, Status status, long started) {
        log.info("event=binding_failed pod={} node={} reason={}", queued.key(), nodeName, status.message());
        framework.runUnreserve(state, queued.pod(), nodeName);
        cache.forgetPod(assumed);
        metrics.attempt(status.isRejected() ? SchedulerMetrics.Result.UNSCHEDULABLE : SchedulerMetrics.Result.ERROR,
                framework.schedulerName(), elapsed(started));
        Pod current = podLookup.apply(queued.key());
        if (current != null && (current.getSpec().getNodeName() == null || current.getSpec().getNodeName().isEmpty())) {
            queue.backoffAfterBindingFailure(queued);
        }
    }

    private void handleUnschedulable(SchedulingFramework framework, CycleState state, QueuedPod queued, long cycle,
                                     FitError fitError, long started) {
        Pod pod = queued.pod();
        String nominated = null;
        if (!framework.plugins().postFilter().isEmpty() && fitError.preFilterMessage() == null) {
            metrics.preemptionAttempt();
            PostFilterPlugin.PostFilterResult result = framework.runPostFilters(state, pod, fitError.nodeStatuses());
            if (result.status().isSuccess()) {
                nominated = result.nominatedNodeName();
            } else if (!result.status().reasons().isEmpty()) {
                fitError = fitError.withPostFilterMessage(result.status().message());
            }
        }
        String message = fitError.message();
        log.debug("event=unschedulable pod={} message={}", queued.key(), message);
        metrics.attempt(SchedulerMetrics.Result.UNSCHEDULABLE, framework.schedulerName(), elapsed(started));
        reporter.unschedulable(pod, message, nominated);
        queue.requeue(queued, cycle, false);
    }

    /** A pod's {@code spec.schedulerName}, {@code default-scheduler} when unset. */
    public static String schedulerNameOf(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() ? "default-scheduler" : name;
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
