package dev.capstan.controllers.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the controller manager role, {@code capstan.controllers.*}. Each controller also has its own
 * switch, {@code capstan.controllers.<name>.enabled} (e.g. {@code replicaset}), read by its bean condition.
 */
@ConfigurationProperties("capstan.controllers")
public class ControllersProperties {

    /** Whether this process runs the controller manager. */
    private boolean enabled = true;

    /**
     * Each controller acts as its own ServiceAccount in kube-system, bound to upstream's
     * system:controller:&lt;name&gt; role (upstream's --use-service-account-credentials); false: every controller
     * uses the manager's own credentials, which then need the union of those roles.
     */
    private boolean useServiceAccountCredentials = true;

    /** Leader election on the Lease kube-system/kube-controller-manager. */
    private boolean leaderElection = true;

    /** How long a lease is valid; another replica may take over after it expires. */
    private Duration leaseDuration = Duration.ofSeconds(15);

    /** The leader gives up when it cannot renew within this time. */
    private Duration renewDeadline = Duration.ofSeconds(10);

    /** How often candidates try to acquire or renew. */
    private Duration retryPeriod = Duration.ofSeconds(2);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isUseServiceAccountCredentials() {
        return useServiceAccountCredentials;
    }

    public void setUseServiceAccountCredentials(boolean useServiceAccountCredentials) {
        this.useServiceAccountCredentials = useServiceAccountCredentials;
    }

    public boolean isLeaderElection() {
        return leaderElection;
    }

    public void setLeaderElection(boolean leaderElection) {
        this.leaderElection = leaderElection;
    }

    public Duration getLeaseDuration() {
        return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    public Duration getRenewDeadline() {
        return renewDeadline;
    }

    public void setRenewDeadline(Duration renewDeadline) {
        this.renewDeadline = renewDeadline;
    }

    public Duration getRetryPeriod() {
        return retryPeriod;
    }

    public void setRetryPeriod(Duration retryPeriod) {
        this.retryPeriod = retryPeriod;
    }
}
