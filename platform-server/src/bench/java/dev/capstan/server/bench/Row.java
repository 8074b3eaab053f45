package dev.capstan.server.bench;

/**
 * One line of the result table. {@code serverCores} and {@code harnessCores} are CPU time per wall-clock second
 * during the phase (2.0 = both cores busy); {@code serverCores} is NaN when the server runs inside the harness.
 */
record Row(String server, String operation, long ops, long errors, double opsPerSecond, double p50Millis,
        double p99Millis, double serverCores, double harnessCores) {
}
