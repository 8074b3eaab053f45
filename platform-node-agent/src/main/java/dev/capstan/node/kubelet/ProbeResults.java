package dev.capstan.node.kubelet;

/** What the probes last said about a running container (by CRI container id). */
public interface ProbeResults {

    /** Readiness: false while a readiness probe has not succeeded (true when the container has none). */
    boolean ready(String containerId);

    /** Startup: false until a startup probe succeeded (true when the container has none). */
    boolean started(String containerId);

    /** Liveness: true once the liveness probe failed {@code failureThreshold} times in a row. */
    boolean livenessFailed(String containerId);

}
