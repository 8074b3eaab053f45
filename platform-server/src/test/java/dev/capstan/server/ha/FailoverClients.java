package dev.capstan.server.ha;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A client of several API servers that fails over itself, as a client behind no load balancer must: a call goes to
 * the current server; when that server cannot answer (connection refused or reset, timeout, 5xx, 429) the same call
 * is tried on the next one, round robin, until one answers or the deadline passes. Fabric8 knows one server per
 * client and retries on it alone, so each server gets its own client with Fabric8's retries turned off. Answers
 * that are about the request (404, 409, 422, ...) are not failures of the server and end the call.
 */
final class FailoverClients implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final List<KubernetesClient> clients = new ArrayList<>();
    private volatile int current;

    FailoverClients(List<Path> kubeconfigs) {
        for (Path kubeconfig : kubeconfigs) {
            clients.add(client(kubeconfig));
        }
    }

    /** A Fabric8 client of one server that gives up quickly, so the caller can try another. */
    static KubernetesClient client(Path kubeconfig) {
        try {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            config.setRequestRetryBackoffLimit(0);
            config.setConnectionTimeout(2_000);
            config.setRequestTimeout(10_000);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client of server {@code index}, without failover (to read one server's own view). */
    KubernetesClient server(int index) {
        return clients.get(index);
    }

    /**
     * Runs {@code call} on the current server, failing over to the others; {@code onFailure} runs for each failed
     * attempt.
     */
    <T> T call(Function<KubernetesClient, T> call, Runnable onFailure) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int failedInARow = 0;
        while (true) {
            int index = current;
            try {
                return call.apply(clients.get(index));
            } catch (KubernetesClientException e) {
                if (!serverUnavailable(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                onFailure.run();
                failedInARow++;
                current = (index + 1) % clients.size();
                if (failedInARow >= clients.size()) {
                    pause(); // every server failed once: give them a moment instead of spinning
                }
            }
        }
    }

    <T> T call(Function<KubernetesClient, T> call) {
        return call(call, () -> { });
    }

    /** No answer, or an answer saying the server (not the request) is the problem. */
    static boolean serverUnavailable(KubernetesClientException e) {
        int code = e.getCode();
        return code == 0 || code >= 500 || code == 429 || e.getCause() instanceof IOException;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
    }
}
