package dev.capstan.controllers.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the controllers with the application: stands for election on the Lease
 * {@code kube-system/kube-controller-manager} (Fabric8's {@code LeaderElector}); the leader starts the
 * shared informers, waits until they synced, then every controller's workers. A replica that loses the
 * lease stops its controllers at once (upstream exits) and must be restarted to stand again.
 * No lock of ours is held while calling into the elector (it calls back under its own lock).
 */
public final class ControllerManager implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);

    /**
     * @param enabled false: run the controllers without a lease (one replica only)
     */
    public record Election(boolean enabled, String namespace, String name, Duration leaseDuration, Duration renewDeadline,
                           Duration retryPeriod) {
    }

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final List<ControllerRunner> runners;
    private final Election election;
    private final String identity;
    private final Object lock = new Object();
    private volatile boolean running;
    private volatile boolean leading;
    private volatile CompletableFuture<?> elector;
    /** The elector's own client (see {@link #electionClient}); made on the first election, closed on stop. */
    private volatile KubernetesClient electionClient;

    public ControllerManager(KubernetesClient client, SharedInformers informers, List<ControllerRunner> runners,
                             Election election) {
        this.client = client;
        this.informers = informers;
        this.runners = runners;
        this.election = election;
        this.identity = hostName() + "_" + UUID.randomUUID();
    }

    @Override
    public void start() {
        running = true;
        Thread starter = new Thread(() -> {
            if (election.enabled()) {
                standForElection();
            } else {
                lead();
            }
        }, "controller-manager-start");
        starter.setDaemon(true);
        starter.start();
    }

    public String identity() {
        return identity;
    }

    public boolean isLeading() {
        return leading;
    }

    private void standForElection() {
        CompletableFuture<?> started = electionClient().leaderElector().withConfig(new LeaderElectionConfigBuilder()
                        .withName(election.name())
                        .withLock(new LeaseLock(election.namespace(), election.name(), identity))
                        .withLeaseDuration(election.leaseDuration())
                        .withRenewDeadline(election.renewDeadline())
                        .withRetryPeriod(election.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(() -> new Thread(this::lead, "controller-manager-lead").start(),
                                this::lostLeadership, leader -> log.info("event=controller_manager_leader identity={}", leader)))
                        .build())
                .build().start();
        elector = started;
        if (!running) {
            started.cancel(true);
        }
    }

    private void lead() {
        // the sync happens outside the lock, so stop() is never held up by an API that does not answer
        while (running) {
            try {
                informers.start(Duration.ofMinutes(1));
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("event=controller_informers_not_synced error={} retry_in=2s", e.toString());
                sleep(Duration.ofSeconds(2));
            }
        }
        synchronized (lock) {
            if (!running || leading) {
                return;
            }
            runners.forEach(ControllerRunner::start);
            leading = true;
            log.info("event=controllers_started identity={} controllers={}", identity,
                    runners.stream().map(ControllerRunner::name).toList());
        }
    }

    /** As upstream ("leaderelection lost" is fatal there): stop at once; the process must be restarted to stand again. */
    private void lostLeadership() {
        stopControllers();
        if (running) {
            log.error("event=controller_manager_lost_leadership identity={} action=stopped_restart_to_stand_again", identity);
        }
    }

    private void stopControllers() {
        synchronized (lock) {
            if (leading) {
                runners.forEach(ControllerRunner::stop);
                leading = false;
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
        informers.close();
        stopControllers();
        if (electionClient != null) {
            electionClient.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Last to start: the API must serve before the informers list. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The elector's own client, one attempt per call within half the renew deadline, so that a leader that cannot
     * renew stops by its deadline (see SchedulerRunner#electionClient: the shared client's retries outlast it).
     */
    private synchronized KubernetesClient electionClient() {
        if (electionClient != null) {
            return electionClient;
        }
        long timeout = election.renewDeadline().toMillis() / 2;
        Config config = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        config.setRequestTimeout((int) timeout);
        config.setConnectionTimeout((int) timeout);
        // the same serialization (one Jackson mapper and its type caches per JVM, not per client)
        electionClient = new KubernetesClientBuilder().withConfig(config)
                .withKubernetesSerialization(client.getKubernetesSerialization()).build();
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
