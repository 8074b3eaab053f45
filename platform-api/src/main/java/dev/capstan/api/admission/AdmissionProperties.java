package dev.capstan.api.admission;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code capstan.api.admission.*}. */
@ConfigurationProperties("capstan.api.admission")
public class AdmissionProperties {

    /** Plugin names switched off (upstream's {@code --disable-admission-plugins}). */
    private Set<String> disabledPlugins = new LinkedHashSet<>();

    /** The not-ready toleration DefaultTolerationSeconds gives pods ({@code --default-not-ready-toleration-seconds}). */
    private Duration defaultNotReadyTolerationSeconds = Duration.ofSeconds(300);

    /** The unreachable toleration DefaultTolerationSeconds gives pods ({@code --default-unreachable-toleration-seconds}). */
    private Duration defaultUnreachableTolerationSeconds = Duration.ofSeconds(300);

    public Duration getDefaultNotReadyTolerationSeconds() {
        return defaultNotReadyTolerationSeconds;
    }

    public void setDefaultNotReadyTolerationSeconds(Duration defaultNotReadyTolerationSeconds) {
        this.defaultNotReadyTolerationSeconds = defaultNotReadyTolerationSeconds;
    }

    public Duration getDefaultUnreachableTolerationSeconds() {
        return defaultUnreachableTolerationSeconds;
    }

    public void setDefaultUnreachableTolerationSeconds(Duration defaultUnreachableTolerationSeconds) {
        this.defaultUnreachableTolerationSeconds = defaultUnreachableTolerationSeconds;
    }

    /**
     * Whether the ServiceAccount plugin mounts the projected token volume (upstream's plugin field
     * {@code MountServiceAccountToken}, always true there). Pods that run need the TokenRequest subresource and the
     * {@code kube-root-ca.crt} ConfigMap (root-ca-cert-publisher) for it.
     */
    private boolean mountServiceAccountToken = true;

    public boolean isMountServiceAccountToken() {
        return mountServiceAccountToken;
    }

    public void setMountServiceAccountToken(boolean mountServiceAccountToken) {
        this.mountServiceAccountToken = mountServiceAccountToken;
    }

    /** The PodSecurity plugin's cluster defaults and exemptions (upstream's PodSecurityConfiguration). */
    private final PodSecurityProperties podSecurity = new PodSecurityProperties();

    public PodSecurityProperties getPodSecurity() {
        return podSecurity;
    }

    public Set<String> getDisabledPlugins() {
        return disabledPlugins;
    }

    public void setDisabledPlugins(Set<String> disabledPlugins) {
        this.disabledPlugins = disabledPlugins;
    }
}
