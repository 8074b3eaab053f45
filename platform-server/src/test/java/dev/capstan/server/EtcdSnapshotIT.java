package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.testkit.etcd.EtcdProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code capstan etcd-snapshot save} while the server serves, then changes, then {@code restore} with the server
 * stopped: the objects are back exactly as saved, and resourceVersions handed out before the restore never come
 * back (a watch from one gets 410 Gone). Bad input changes nothing.
 */
class EtcdSnapshotIT {

    private static final String NS = "backed-up";

    @TempDir
    Path dataDir;

    @Test
    void embeddedStoreComesBackAsSavedWithItsResourceVersionsAndBadRestoresChangeNothing() throws Exception {
        Map<String, String> saved;
        long beforeRestore;
        Path snapshot;
        ConfigurableApplicationContext server = start();
        try (KubernetesClient client = connect()) {
            createObjects(client);
            saved = contents(client);
            CapstanCommand.Result save = CapstanCommand.run("etcd-snapshot", "save", "--data-dir", dataDir.toString(), "--name", "nightly");
            assertThat(save.exitCode()).as(save.stderr()).isZero();
            snapshot = Path.of(save.stdout().strip());
            assertThat(snapshot.getParent()).isEqualTo(dataDir.resolve("snapshots"));
            assertThat(snapshot.getFileName().toString()).matches("nightly-\\d+");
            beforeRestore = change(client);

            CapstanCommand.Result whileRunning = CapstanCommand.run("etcd-snapshot", "restore", "--data-dir", dataDir.toString(),
                    "--snapshot", snapshot.toString());
            assertThat(whileRunning.exitCode()).isEqualTo(1);
            assertThat(whileRunning.stderr()).contains("server is running on " + dataDir).contains("stop it first");
            assertThat(client.configMaps().inNamespace(NS).withName("created-later").get()).isNotNull();
            CapstanCommand.Result secondServer = CapstanCommand.run("server", "--data-dir", dataDir.toString(),
                    "--port", "0");
            assertThat(secondServer.exitCode()).isEqualTo(1);
            assertThat(secondServer.stderr()).contains("server is running on " + dataDir);
        } finally {
            server.close();
        }

        Path database = dataDir.resolve("state.db");
        byte[] digest = digest(database);
        Path damaged = dataDir.resolve("damaged.snap");
        byte[] bytes = Files.readAllBytes(snapshot);
        Files.write(damaged, Arrays.copyOf(bytes, bytes.length / 2));
        CapstanCommand.Result truncated = CapstanCommand.run("etcd-snapshot", "restore", "--data-dir", dataDir.toString(), "--snapshot",
                damaged.toString());
        assertThat(truncated.exitCode()).isEqualTo(1);
        assertThat(truncated.stderr()).contains("is truncated or not a snapshot");
        assertThat(digest(database)).as("state.db untouched by the failed restore").isEqualTo(digest);
        assertThat(entries(dataDir)).noneMatch(name -> name.startsWith("restore-") || name.startsWith("db-old-"));

        CapstanCommand.Result restore = CapstanCommand.run("etcd-snapshot", "restore", "--data-dir", dataDir.toString(), "--snapshot",
                snapshot.toString());
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        Path kept = Files.list(dataDir).filter(p -> p.getFileName().toString().startsWith("db-old-")).findFirst()
                .orElseThrow().resolve("state.db");
        assertThat(digest(kept)).as("the replaced database is kept as it was").isEqualTo(digest);

        server = start();
        try (KubernetesClient client = connect()) {
            assertThat(contents(client)).as("names, data and resourceVersions as at save time").isEqualTo(saved);
            assertResourceVersionsKeepGrowing(client, beforeRestore);
        } finally {
            server.close();
        }
    }

    @Test
    void etcdComesBackAsSavedWithNewerResourceVersionsAndTheReplacedKeysAreSavedFirst() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.startNew()) {
            String etcdServers = etcd.clientUrl();
            Map<String, String> saved;
            long beforeRestore;
            Path snapshot;
            ConfigurableApplicationContext server = start("--capstan.store.etcd-servers=" + etcdServers);
            try (KubernetesClient client = connect()) {
                createObjects(client);
                saved = contents(client);
                CapstanCommand.Result save = CapstanCommand.run("etcd-snapshot", "save", "--data-dir", dataDir.toString(),
                        "--etcd-servers", etcdServers);
                assertThat(save.exitCode()).as(save.stderr()).isZero();
                snapshot = Path.of(save.stdout().strip());
                assertThat(snapshot.getFileName().toString()).matches("on-demand-\\d+");
                beforeRestore = change(client);
            } finally {
                server.close();
            }

            CapstanCommand.Result restore = CapstanCommand.run("etcd-snapshot", "restore", "--data-dir", dataDir.toString(),
                    "--etcd-servers", etcdServers, "--snapshot", snapshot.toString());
            assertThat(restore.exitCode()).as(restore.stderr()).isZero();
            assertThat(restore.stderr()).contains("saved the keys being replaced to " + dataDir.resolve("snapshots"));

            server = start("--capstan.store.etcd-servers=" + etcdServers);
            try (KubernetesClient client = connect()) {
                Map<String, String> restored = contents(client);
                assertThat(withoutVersions(restored)).isEqualTo(withoutVersions(saved));
                assertThat(restored.values()).allSatisfy(v ->
                        assertThat(Long.parseLong(v.substring(0, v.indexOf('|')))).isGreaterThan(beforeRestore));
                assertResourceVersionsKeepGrowing(client, beforeRestore);
            } finally {
                server.close();
            }
        }
    }

    private ConfigurableApplicationContext start(String... extra) throws Exception {
        Files.deleteIfExists(dataDir.resolve("admin.kubeconfig"));
        String[] args = Stream.concat(Stream.of("--capstan.store.data-dir=" + dataDir, "--server.port=0",
                "--capstan.scheduler.enabled=false", "--capstan.controllers.enabled=false"), Stream.of(extra))
                .toArray(String[]::new);
        return ServerApplication.run(args);
    }

    private KubernetesClient connect() throws Exception {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(dataDir.resolve("admin.kubeconfig")))).build();
    }

    private static void createObjects(KubernetesClient client) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        for (int i = 0; i < 5; i++) {
            client.configMaps().inNamespace(NS).resource(configMap("cm-" + i, "v" + i)).create();
        }
    }

    /** Changes after the snapshot: an update, a delete and a create. @return the resourceVersion after them */
    private static long change(KubernetesClient client) {
        client.configMaps().inNamespace(NS).withName("cm-0").edit(cm -> new ConfigMapBuilder(cm).addToData("k", "changed").build());
        client.configMaps().inNamespace(NS).withName("cm-1").delete();
        client.configMaps().inNamespace(NS).resource(configMap("created-later", "x")).create();
        return Long.parseLong(client.configMaps().inNamespace(NS).list().getMetadata().getResourceVersion());
    }

    /** Each ConfigMap of the test (not the CA bundle the server adds) as resourceVersion|data. */
    private static Map<String, String> contents(KubernetesClient client) {
        Map<String, String> contents = new TreeMap<>();
        for (ConfigMap cm : client.configMaps().inNamespace(NS).withLabel("backup-test").list().getItems()) {
            contents.put(cm.getMetadata().getName(), cm.getMetadata().getResourceVersion() + "|" + cm.getData());
        }
        return contents;
    }

    private static Map<String, String> withoutVersions(Map<String, String> contents) {
        Map<String, String> data = new TreeMap<>();
        contents.forEach((name, value) -> data.put(name, value.substring(value.indexOf('|') + 1)));
        return data;
    }

    private void assertResourceVersionsKeepGrowing(KubernetesClient client, long beforeRestore) throws Exception {
        ConfigMap created = client.configMaps().inNamespace(NS).resource(configMap("after-restore", "y")).create();
        assertThat(Long.parseLong(created.getMetadata().getResourceVersion())).isGreaterThan(beforeRestore);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).sslContext(AdminTls.context(dataDir)).build();
        String url = client.getConfiguration().getMasterUrl().replaceAll("/$", "") + "/api/v1/namespaces/" + NS
                + "/configmaps?watch=true&resourceVersion=" + beforeRestore;
        HttpResponse<String> watch = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(watch.body()).as("a watch from before the restore must relist")
                .startsWith("{\"type\":\"ERROR\"").contains("\"code\":410");
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("backup-test", "yes").endMetadata()
                .addToData("k", value).build();
    }

    private static byte[] digest(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    private static java.util.List<String> entries(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
