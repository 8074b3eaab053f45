package dev.capstan.scheduling.config;

import dev.capstan.scheduling.core.LeaderElectionSettings;
import dev.capstan.scheduling.framework.ProfileSpec;
import dev.capstan.scheduling.plugins.noderesources.ScoringStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the scheduler role, {@code capstan.scheduler.*}. */
@ConfigurationProperties("capstan.scheduler")
public class SchedulerProperties {

    /** Whether this process runs the scheduler. */
    private boolean enabled = true;

    /**
     * Scheduling profiles; each serves the pods whose {@code spec.schedulerName} is its name. Empty means one
     * profile, {@code default-scheduler}, with upstream's default plugins.
     */
    private List<Profile> profiles = new ArrayList<>();

    /**
     * Percentage of nodes to find feasible before scoring stops looking (upstream's
     * {@code percentageOfNodesToScore}); 0 means adaptive: 50% minus 1% per 125 nodes, at least 5%, and never
     * fewer than 100 nodes.
     */
    private int percentageOfNodesToScore = 0;

    /** First retry delay of a pod that failed to schedule (doubles per attempt). */
    private Duration podInitialBackoff = Duration.ofSeconds(1);

    /** Longest retry delay of a pod that failed to schedule. */
    private Duration podMaxBackoff = Duration.ofSeconds(10);

    /** Unschedulable pods are retried at the latest after this long even without a cluster event. */
    private Duration podMaxInUnschedulablePods = Duration.ofMinutes(5);

    /** Threads that run filters and scores in parallel besides the scheduling thread; -1 means cores - 1. */
    private int parallelism = -1;

    /** Threads that bind assumed pods through the API (bindings are independent and I/O bound). */
    private int bindingThreads = 16;

    /** Whether to record Scheduled / FailedScheduling Events. */
    private boolean recordEvents = true;

    private final LeaderElection leaderElection = new LeaderElection();

    private final NodeResourcesFitSettings nodeResourcesFit = new NodeResourcesFitSettings();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<Profile> getProfiles() {
        return profiles;
    }

    public void setProfiles(List<Profile> profiles) {
        this.profiles = profiles;
    }

    public int getPercentageOfNodesToScore() {
        return percentageOfNodesToScore;
    }

    public void setPercentageOfNodesToScore(int percentageOfNodesToScore) {
        this.percentageOfNodesToScore = percentageOfNodesToScore;
    }

    public Duration getPodInitialBackoff() {
        return podInitialBackoff;
    }

    public void setPodInitialBackoff(Duration podInitialBackoff) {
        this.podInitialBackoff = podInitialBackoff;
    }

    public Duration getPodMaxBackoff() {
        return podMaxBackoff;
    }

    public void setPodMaxBackoff(Duration podMaxBackoff) {
        this.podMaxBackoff = podMaxBackoff;
    }

    public Duration getPodMaxInUnschedulablePods() {
        return podMaxInUnschedulablePods;
    }

    public void setPodMaxInUnschedulablePods(Duration podMaxInUnschedulablePods) {
        this.podMaxInUnschedulablePods = podMaxInUnschedulablePods;
    }

    public int getParallelism() {
        return parallelism;
    }

    public void setParallelism(int parallelism) {
        this.parallelism = parallelism;
    }

    public int getBindingThreads() {
        return bindingThreads;
    }

    public void setBindingThreads(int bindingThreads) {
        this.bindingThreads = bindingThreads;
    }

    public boolean isRecordEvents() {
        return recordEvents;
    }

    public void setRecordEvents(boolean recordEvents) {
        this.recordEvents = recordEvents;
    }

    public LeaderElection getLeaderElection() {
        return leaderElection;
    }

    public NodeResourcesFitSettings getNodeResourcesFit() {
        return nodeResourcesFit;
    }

    /** Arguments of the NodeResourcesFit plugin (upstream's {@code NodeResourcesFitArgs}). */
    public static class NodeResourcesFitSettings {

        /** LEAST_ALLOCATED spreads pods over nodes (upstream's default); MOST_ALLOCATED bin-packs them. */
        private ScoringStrategy scoringStrategy = ScoringStrategy.LEAST_ALLOCATED;

        public ScoringStrategy getScoringStrategy() {
            return scoringStrategy;
        }

        public void setScoringStrategy(ScoringStrategy scoringStrategy) {
            this.scoringStrategy = scoringStrategy;
        }
    }

    /** One scheduling profile. */
    public static class Profile {

        /** The {@code spec.schedulerName} this profile serves. */
        private String schedulerName = "default-scheduler";

        /** When set, exactly these plugins in this order (replaces the defaults). */
        private List<PluginRef> plugins = new ArrayList<>();

        /** Plugins added after the defaults (e.g. one from a jar on the classpath). */
        private List<PluginRef> enabled = new ArrayList<>();

        /** Names of default plugins to leave out. */
        private List<String> disabled = new ArrayList<>();

        public String getSchedulerName() {
            return schedulerName;
        }

        public void setSchedulerName(String schedulerName) {
            this.schedulerName = schedulerName;
        }

        public List<PluginRef> getPlugins() {
            return plugins;
        }

        public void setPlugins(List<PluginRef> plugins) {
            this.plugins = plugins;
        }

        public List<PluginRef> getEnabled() {
            return enabled;
        }

        public void setEnabled(List<PluginRef> enabled) {
            this.enabled = enabled;
        }

        public List<String> getDisabled() {
            return disabled;
        }

        public void setDisabled(List<String> disabled) {
            this.disabled = disabled;
        }

        ProfileSpec toSpec() {
            return new ProfileSpec(schedulerName, refs(plugins), refs(enabled), List.copyOf(disabled));
        }

        private static List<ProfileSpec.PluginRef> refs(List<PluginRef> refs) {
            return refs.stream().map(ref -> new ProfileSpec.PluginRef(ref.getName(), ref.getWeight())).toList();
        }
    }

    /** A plugin enabled in a profile. */
    public static class PluginRef {

        /** The plugin's name ({@code Plugin.name()}). */
        private String name;

        /** Multiplier of its score (Score plugins only). */
        private int weight = 1;

        public PluginRef() {
        }

        public PluginRef(String name, int weight) {
            this.name = name;
            this.weight = weight;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getWeight() {
            return weight;
        }

        public void setWeight(int weight) {
            this.weight = weight;
        }
    }

    /** Leader election on a Lease, so several replicas can run and one schedules. */
    public static class LeaderElection {

        /** Whether to elect a leader; off, every replica schedules (only safe with one replica). */
        private boolean enabled = true;

        /** The Lease's namespace. */
        private String namespace = "kube-system";

        /** The Lease's name. */
        private String name = "kube-scheduler";

        /** How long a lease is valid; a new leader may take over after it expires. */
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

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
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

        LeaderElectionSettings toSettings() {
            return new LeaderElectionSettings(enabled, namespace, name, leaseDuration, renewDeadline, retryPeriod);
        }
    }
}
