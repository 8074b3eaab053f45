package dev.capstan.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Capstan server in the test JVM, on a free port with a fresh data directory, exactly as {@code capstan server}
 * starts it (HTTPS, PKI, admin kubeconfig). Register with {@code @RegisterExtension static}.
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback {

    private final java.util.function.Function<String[], ConfigurableApplicationContext> role;
    private final String[] extraArgs;
    private Path dataDir;
    private ConfigurableApplicationContext context;
    private KubernetesClient client;

    /** The {@code server} role (API server, scheduler, controller manager). */
    public RunningServer(String... extraArgs) {
        this(ServerApplication::run, extraArgs);
    }

    private RunningServer(java.util.function.Function<String[], ConfigurableApplicationContext> role, String... extraArgs) {
        this.role = role;
        this.extraArgs = extraArgs;
    }

    /** The {@code apiserver} role: the API server alone. */
    public static RunningServer apiServer(String... extraArgs) {
        return new RunningServer(ApiServerApplication::run, extraArgs);
    }

    @Override
    public void beforeAll(ExtensionContext extensionContext) throws IOException {
        dataDir = Files.createTempDirectory("capstan-it-");
        String[] args = new String[extraArgs.length + 2];
        args[0] = "--capstan.store.data-dir=" + dataDir;
        args[1] = "--server.port=0";
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        context = role.apply(args);
    }

    @Override
    public void afterAll(ExtensionContext extensionContext) throws IOException {
        synchronized (this) {
            if (client != null) {
                client.close();
                client = null;
            }
        }
        if (context != null) {
            context.close();
        }
        if (dataDir != null) {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A Fabric8 client as the admin (the admin kubeconfig), made on first use and closed with the server. */
    public synchronized KubernetesClient client() throws IOException {
        if (client == null) {
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig()))).build();
        }
        return client;
    }

    public Path kubeconfig() {
        return dataDir.resolve("admin.kubeconfig");
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String url() {
        return "https://127.0.0.1:" + port();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The server's application context, e.g. to check which beans a role builds. */
    public ConfigurableApplicationContext context() {
        return context;
    }
}
