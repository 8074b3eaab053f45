package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server is killed (SIGKILL) and started again on the same data directory: every acknowledged object is
 * there with its resourceVersion, and a watch resumes from a resourceVersion taken before the kill.
 */
class RestartIT {

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedObjectsAndTheirVersionsSurviveAKillAndWatchesResume() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = start(port);
        Map<String, String> versions = new HashMap<>();
        String resumeFrom;
        try (KubernetesClient client = connect()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("durable").endMetadata().build()).create();
            for (int i = 0; i < 30; i++) {
                ConfigMap cm = client.configMaps().inNamespace("durable").resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("cm-" + i).endMetadata().addToData("i", Integer.toString(i)).build()).create();
                versions.put(cm.getMetadata().getName(), cm.getMetadata().getResourceVersion());
            }
            resumeFrom = client.configMaps().inNamespace("durable").list().getMetadata().getResourceVersion();
        } finally {
            server.destroyForcibly(); // SIGKILL
            server.waitFor(20, TimeUnit.SECONDS);
        }

        Process restarted = start(port);
        try (KubernetesClient client = connect()) {
            for (ConfigMap cm : client.configMaps().inNamespace("durable").list().getItems()) {
                assertThat(cm.getMetadata().getResourceVersion()).isEqualTo(versions.get(cm.getMetadata().getName()));
            }
            assertThat(client.configMaps().inNamespace("durable").list().getItems()).hasSize(30);

            List<String> events = new CopyOnWriteArrayList<>();
            try (var watch = client.configMaps().inNamespace("durable").watch(
                    new ListOptionsBuilder().withResourceVersion(resumeFrom).build(), new Watcher<ConfigMap>() {
                        @Override
                        public void eventReceived(Action action, ConfigMap resource) {
                            events.add(action + ":" + resource.getMetadata().getName());
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                        }
                    })) {
                client.configMaps().inNamespace("durable").resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("after-restart").endMetadata().build()).create();
                await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("ADDED:after-restart"));
                assertThat(events).containsExactly("ADDED:after-restart");
            }
        } finally {
            restarted.destroy();
            restarted.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private KubernetesClient connect() throws IOException {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(dataDir.resolve("admin.kubeconfig")))).build();
    }

    private Process start(int port) throws Exception {
        Files.deleteIfExists(dataDir.resolve("admin.kubeconfig"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CapstanMain.class.getName(), "server", "--data-dir", dataDir.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-server.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(dataDir.resolve("admin.kubeconfig")) || !process.isAlive());
        assertThat(process.isAlive()).as("server started").isTrue();
        return process;
    }
}
