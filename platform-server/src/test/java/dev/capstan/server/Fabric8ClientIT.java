package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.watch.WatchCaches;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real Fabric8 client (8.0.0) against a real Capstan server: CRUD, lists, pagination, informers, 409. */
class Fabric8ClientIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.api.watch-cache-size=200");

    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()));
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    private static void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    private static ConfigMap configMap(String name, Map<String, String> labels, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .addToData("value", value).build();
    }

    @Test
    void createReadUpdateDelete() {
        namespace("crud");
        ConfigMap created = client.configMaps().inNamespace("crud").resource(configMap("a", Map.of(), "1")).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();

        ConfigMap read = client.configMaps().inNamespace("crud").withName("a").get();
        assertThat(read.getData()).containsEntry("value", "1");

        read.getData().put("value", "2");
        ConfigMap updated = client.configMaps().inNamespace("crud").resource(read).update();
        assertThat(updated.getData()).containsEntry("value", "2");
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(read.getMetadata().getResourceVersion()));

        assertThat(client.configMaps().inNamespace("crud").withName("a").delete()).hasSize(1);
        assertThat(client.configMaps().inNamespace("crud").withName("a").get()).isNull();
    }

    @Test
    void listsFilterByLabel() {
        namespace("labels");
        client.configMaps().inNamespace("labels").resource(configMap("web", Map.of("tier", "web"), "x")).create();
        client.configMaps().inNamespace("labels").resource(configMap("db", Map.of("tier", "db"), "x")).create();
        client.configMaps().inNamespace("labels").resource(configMap("web2", Map.of("tier", "web", "canary", "yes"), "x")).create();

        assertThat(client.configMaps().inNamespace("labels").withLabel("tier", "web").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("web", "web2");
        assertThat(client.configMaps().inNamespace("labels").withLabelIn("tier", "web", "db").withoutLabel("canary")
                .list().getItems()).extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("web", "db");
    }

    @Test
    void paginationWalksEveryObjectOnceAtOneResourceVersion() {
        namespace("pages");
        for (int i = 0; i < 25; i++) {
            client.configMaps().inNamespace("pages").resource(configMap("cm-" + i, Map.of(), "v")).create();
        }
        Set<String> seen = new java.util.HashSet<>();
        String cont = null;
        String rv = null;
        int pages = 0;
        do {
            ConfigMapList page = client.configMaps().inNamespace("pages")
                    .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(10L).withContinue(cont).build());
            if (rv == null) {
                rv = page.getMetadata().getResourceVersion();
                // a change after the first page must not show up in the later ones
                client.configMaps().inNamespace("pages").resource(configMap("cm-zz-late", Map.of(), "v")).create();
            }
            assertThat(page.getMetadata().getResourceVersion()).isEqualTo(rv);
            page.getItems().forEach(c -> assertThat(seen.add(c.getMetadata().getName())).isTrue());
            cont = page.getMetadata().getContinue();
            pages++;
        } while (cont != null && !cont.isEmpty());
        assertThat(seen).hasSize(25);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void staleResourceVersionIsAConflict() {
        namespace("locking");
        ConfigMap original = client.configMaps().inNamespace("locking").resource(configMap("lock", Map.of(), "1")).create();
        ConfigMap first = new ConfigMapBuilder(original).addToData("value", "first").build();
        ConfigMap second = new ConfigMapBuilder(original).addToData("value", "second").build();
        client.configMaps().inNamespace("locking").resource(first).update();

        assertThatThrownBy(() -> client.configMaps().inNamespace("locking").resource(second).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                });
        assertThat(client.configMaps().inNamespace("locking").withName("lock").get().getData())
                .containsEntry("value", "first");
    }

    @Test
    void informerSyncsAndKeepsUpThroughAThousandUpdatesAndRecoversFromGone() throws Exception {
        namespace("informed");
        for (int i = 0; i < 10; i++) {
            client.configMaps().inNamespace("informed").resource(configMap("i-" + i, Map.of(), "0")).create();
        }
        Map<String, String> seen = new ConcurrentHashMap<>();
        AtomicInteger updates = new AtomicInteger();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("informed").inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap obj) {
                        if (!obj.getMetadata().getName().equals("kube-root-ca.crt")) { // the root CA publisher's
                            seen.put(obj.getMetadata().getName(), obj.getData().get("value"));
                        }
                    }

                    @Override
                    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                        updates.incrementAndGet();
                        if (!newObj.getMetadata().getName().equals("kube-root-ca.crt")) {
                            seen.put(newObj.getMetadata().getName(), newObj.getData().get("value"));
                        }
                    }

                    @Override
                    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                        seen.remove(obj.getMetadata().getName());
                    }
                });
        try {
            await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
            assertThat(seen).hasSize(10);

            for (int round = 1; round <= 100; round++) {
                for (int i = 0; i < 10; i++) {
                    String value = Integer.toString(round);
                    client.configMaps().inNamespace("informed").withName("i-" + i)
                            .edit(c -> new ConfigMapBuilder(c).addToData("value", value).build());
                }
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(seen.values()).allMatch("100"::equals);
                assertThat(informer.getStore().list()).filteredOn(c -> c.getMetadata().getName().startsWith("i-"))
                        .allMatch(c -> "100".equals(c.getData().get("value")));
            });

            // force the relist path: while a writer keeps changing objects, the server rebuilds its watch caches,
            // ending the informer's watch; resuming from a resourceVersion the rebuilt cache no longer covers is
            // answered 410 Expired, and the informer must relist to converge on the latest state
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger(100);
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    String value = Integer.toString(written.incrementAndGet());
                    client.configMaps().inNamespace("informed").withName("i-0")
                            .edit(c -> new ConfigMapBuilder(c).addToData("value", value).build());
                }
            });
            writer.start();
            for (int i = 0; i < 3; i++) {
                Thread.sleep(300);
                SERVER.bean(WatchCaches.class).resynchronize();
            }
            writing.set(false);
            writer.join();
            client.configMaps().inNamespace("informed").resource(configMap("after-gone", Map.of(), "new")).create();
            String last = Integer.toString(written.get());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(seen).containsEntry("after-gone", "new").containsEntry("i-0", last);
                assertThat(informer.getStore().list()).filteredOn(c -> !c.getMetadata().getName().equals("kube-root-ca.crt"))
                        .hasSize(11);
            });
        } finally {
            informer.close();
        }
    }

    @Test
    void watchFromAResourceVersionOutsideTheWindowIsGone() throws Exception {
        namespace("gone");
        String first = client.configMaps().inNamespace("gone").resource(configMap("g", Map.of(), "0")).create()
                .getMetadata().getResourceVersion();
        for (int i = 1; i <= 250; i++) { // past the watch cache window of 200 events
            String value = Integer.toString(i);
            client.configMaps().inNamespace("gone").withName("g").edit(c -> new ConfigMapBuilder(c).addToData("value", value).build());
        }
        java.util.concurrent.CompletableFuture<io.fabric8.kubernetes.client.WatcherException> closed =
                new java.util.concurrent.CompletableFuture<>();
        try (var watch = client.configMaps().inNamespace("gone").watch(
                new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withResourceVersion(first).build(),
                new io.fabric8.kubernetes.client.Watcher<ConfigMap>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                        closed.complete(cause);
                    }
                })) {
            io.fabric8.kubernetes.client.WatcherException cause = closed.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(cause.isHttpGone()).as(cause.getMessage()).isTrue();
        }
    }
}
