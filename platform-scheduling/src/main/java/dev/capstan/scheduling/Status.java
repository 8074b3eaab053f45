package dev.capstan.scheduling;

import java.util.List;

/**
 * The result of one plugin at one extension point, as upstream's {@code framework.Status}: a code, the
 * reasons shown to users (they become the "0/3 nodes are available: ..." message) and the plugin that
 * returned it. Plugins return a Status instead of throwing.
 *
 * @param code what happened
 * @param reasons human-readable reasons, e.g. {@code "Insufficient cpu"}
 * @param plugin the plugin that produced the status, filled in by the framework
 */
public record Status(Code code, List<String> reasons, String plugin) {

    /** Upstream's status codes. */
    public enum Code {
        /** The plugin ran and the pod may proceed. */
        SUCCESS,
        /** An internal error: the attempt is retried with backoff. */
        ERROR,
        /** The pod does not fit this node now; preemption may help. */
        UNSCHEDULABLE,
        /** The pod does not fit this node and preemption cannot change that (e.g. a node selector). */
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        /** Permit only: the pod waits for {@code allow} or {@code reject}. */
        WAIT,
        /** The plugin does not apply: PreFilter/PreScore skip the matching Filter/Score, a Bind plugin passes. */
        SKIP
    }

    private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), null);
    private static final Status SKIP = new Status(Code.SKIP, List.of(), null);

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status success() {
        return SUCCESS;
    }

    public static Status skip() {
        return SKIP;
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons), null);
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), null);
    }

    public static Status error(String reason) {
        return new Status(Code.ERROR, List.of(reason), null);
    }

    public static Status waiting() {
        return new Status(Code.WAIT, List.of(), null);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** UNSCHEDULABLE or UNSCHEDULABLE_AND_UNRESOLVABLE. */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** This status attributed to {@code pluginName} (keeps the first attribution). */
    public Status withPlugin(String pluginName) {
        return plugin != null || this == SUCCESS || this == SKIP ? this : new Status(code, reasons, pluginName);
    }

    /** The reasons joined, for messages and logs. */
    public String message() {
        return String.join(", ", reasons);
    }
}
