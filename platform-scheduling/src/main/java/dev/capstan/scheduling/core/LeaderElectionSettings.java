package dev.capstan.scheduling.core;

import java.time.Duration;

/**
 * How replicas elect the one that schedules (the runner's view of {@code capstan.scheduler.leader-election}).
 *
 * @param enabled false: this replica schedules without a lease
 * @param namespace the Lease's namespace
 * @param name the Lease's name
 * @param leaseDuration how long a lease is valid
 * @param renewDeadline the leader gives up when it cannot renew within this time
 * @param retryPeriod how often candidates try to acquire or renew
 */
public record LeaderElectionSettings(boolean enabled, String namespace, String name, Duration leaseDuration,
                                     Duration renewDeadline, Duration retryPeriod) {
}
