package dev.capstan.server;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a clean stop: the JVM's default ends the process with 143 (128 + 15) even when every
 * shutdown hook ran, which a supervisor (systemd, the kubelet) counts as a failure. Here the signal runs
 * {@code System.exit(0)}: Spring's shutdown hook closes the context (the graceful shutdown), then the process exits
 * 0. A watchdog halts the process with 1 should the shutdown hang past its time budget, so a stop is bounded.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the only way a JVM can handle a signal; no library wraps
 * it for less.
 */
final class ShutdownSignals {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);
    /** Beyond the phases' timeouts: closing the store and the other beans. */
    private static final Duration MARGIN = Duration.ofSeconds(15);

    private ShutdownSignals() {
    }

    static void exitCleanlyOnTerm(ConfigurableApplicationContext context) {
        Duration budget = budget(context.getEnvironment());
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                log.info("event=signal_received signal=SIG{} shutdown_budget={}", name, budget);
                startWatchdog(budget);
                System.exit(0);
            });
        }
    }

    /**
     * The longest a graceful stop may take: the shutdown delay, then two lifecycle phases (watch draining and the
     * web server's drain of requests in flight), each bounded by {@code spring.lifecycle.timeout-per-shutdown-phase}.
     */
    static Duration budget(Environment environment) {
        Duration delay = environment.getProperty("capstan.api.shutdown-delay", Duration.class, Duration.ZERO);
        Duration phase = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class,
                Duration.ofSeconds(30));
        return delay.plus(phase.multipliedBy(2)).plus(MARGIN);
    }

    private static void startWatchdog(Duration budget) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(budget.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            log.error("event=shutdown_timeout budget={} action=halt", budget);
            Runtime.getRuntime().halt(1);
        }, "capstan-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
