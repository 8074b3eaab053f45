package dev.capstan.scheduling.core;

import dev.capstan.scheduling.queue.SchedulingQueue;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the scheduler with the application: informers first (every replica keeps warm caches),
 * then, when leader election is on, a Fabric8 {@code LeaderElector} on the Lease
 * {@code kube-system/kube-scheduler}; only the leader runs the scheduling loop. A replica that loses the
 * lease stops scheduling at once and stands for election again.
 */
public final class SchedulerRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SchedulerRunner.class);

    private final KubernetesClient client;
    private final LeaderElectionSettings election;
    private final SchedulerInformers informers;
    private final SchedulingQueue queue;
    private final Scheduler scheduler;
    private final String identity;
    private ScheduledExecutorService flusher;
    private final Object loopLock = new Object();
    private volatile Thread loop;
    private volatile CompletableFuture<?> elector;
    /** The elector's own client (see {@link #electionClient}); made on the first election, closed on stop. */
    private volatile KubernetesClient electionClient;
    private volatile boolean running;

    public SchedulerRunner(KubernetesClient client, LeaderElectionSettings election, SchedulerInformers informers,
                           SchedulingQueue queue, Scheduler scheduler) {
        this.client = client;
        this.election = election;
        this.informers = informers;
        this.queue = queue;
        this.scheduler = scheduler;
        this.identity = hostName() + "_" + UUID.randomUUID();
    }

    /** Returns at once: informers sync and the election starts on a thread that retries until the API answers. */
    @Override
    public void start() {
        running = true;
        flusher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scheduler-queue-flush"));
        flusher.scheduleWithFixedDelay(queue::flush, 1, 1, TimeUnit.SECONDS);
        daemon(this::syncThenRun, "scheduler-start").start();
    }

    private void syncThenRun() {
        while (running) {
            try {
                informers.start(Duration.ofMinutes(1));
                break;
            } catch (RuntimeException e) {
                informers.close();
                log.warn("event=scheduler_informers_not_synced error={} retry_in=2s", e.toString());
                sleep(Duration.ofSeconds(2));
            }
        }
        if (!running) {
            return;
        }
        if (election.enabled()) {
            standForElection();
        } else {
            startLoop();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This replica's identity in the Lease's {@code holderIdentity}. */
    public String identity() {
        return identity;
    }

    /** Whether this replica is currently running the scheduling loop. */
    public boolean isLeading() {
        return loop != null;
    }

    /**
     * Fabric8's elector calls back on its own threads and takes its own lock around them, so nothing here
     * holds a lock of ours while calling into the elector, or the two could deadlock on shutdown.
     */
    private void standForElection() {
        CompletableFuture<?> started = electionClient().leaderElector().withConfig(new LeaderElectionConfigBuilder()
                        .withName(election.name())
                        .withLock(new LeaseLock(election.namespace(), election.name(), identity))
                        .withLeaseDuration(election.leaseDuration())
                        .withRenewDeadline(election.renewDeadline())
                        .withRetryPeriod(election.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(this::startLoop, this::lostLeadership,
                                leader -> log.info("event=scheduler_leader identity={}", leader)))
                        .build())
                .build().start();
        elector = started;
        if (!running) {
            started.cancel(true);
        }
    }

    private void startLoop() {
        synchronized (loopLock) {
            if (!running || loop != null) {
                return;
            }
            log.info("event=scheduler_started identity={}", identity);
            Thread thread = new Thread(scheduler::run, "scheduler");
            thread.setDaemon(true);
            loop = thread;
            thread.start();
        }
    }

    private void lostLeadership() {
        stopLoop();
        if (running) {
            log.warn("event=scheduler_lost_leadership identity={}", identity);
            // Fabric8's elector ends after losing the lease; stand again from a fresh thread.
            CompletableFuture.runAsync(() -> {
                if (running && loop == null) {
                    standForElection();
                }
            });
        }
    }

    private void stopLoop() {
        Thread thread;
        synchronized (loopLock) {
            thread = loop;
            loop = null;
        }
        if (thread != null) {
            scheduler.stop();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        CompletableFuture<?> current = elector;
        if (current != null) {
            current.cancel(true);
        }
        stopLoop();
        queue.close();
        if (flusher != null) {
            flusher.shutdownNow();
        }
        informers.close();
        if (electionClient != null) {
            electionClient.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Last to start: the API must be serving before the informers list. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * A leader must stop by its renew deadline when it cannot renew (client-go bounds every renewal by it). Fabric8's
     * elector checks the deadline only between attempts, and an attempt on the shared client retries a refused
     * connection with backoff for much longer: a leader whose API server died kept leading ~20 s past its lease
     * (HighAvailabilityIT). So the elector has a client of its own: one attempt per call, within half the deadline.
     */
    private synchronized KubernetesClient electionClient() {
        if (electionClient == null) {
            int timeout = (int) election.renewDeadline().dividedBy(2).toMillis();
            electionClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0).withRequestTimeout(timeout).withConnectionTimeout(timeout).build())
                    .withKubernetesSerialization(client.getKubernetesSerialization()).build();
        }
        return electionClient;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
