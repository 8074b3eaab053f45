package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.Watch;
import java.io.FileReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second, independent client: the official Kubernetes Java client (client-java 27), with its own JSON
 * (Gson) and HTTP (OkHttp) stacks. CRUD, a list with selectors and a watch.
 */
class KubernetesJavaClientIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static ApiClient client;
    static CoreV1Api core;

    @BeforeAll
    static void connect() throws Exception {
        try (FileReader reader = new FileReader(SERVER.kubeconfig().toFile())) {
            client = Config.fromConfig(reader);
        }
        client.setReadTimeout(0);
        core = new CoreV1Api(client);
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("official"))).execute();
    }

    @Test
    void createReadUpdateDelete() throws Exception {
        V1ConfigMap created = core.createNamespacedConfigMap("official",
                new V1ConfigMap().metadata(new V1ObjectMeta().name("crud")).data(Map.of("k", "v1"))).execute();
        assertThat(created.getMetadata().getUid()).isNotBlank();

        V1ConfigMap read = core.readNamespacedConfigMap("crud", "official").execute();
        assertThat(read.getData()).containsEntry("k", "v1");

        read.setData(Map.of("k", "v2"));
        V1ConfigMap replaced = core.replaceNamespacedConfigMap("crud", "official", read).execute();
        assertThat(replaced.getData()).containsEntry("k", "v2");

        core.deleteNamespacedConfigMap("crud", "official").execute();
        try {
            core.readNamespacedConfigMap("crud", "official").execute();
            throw new AssertionError("the deleted ConfigMap is still there");
        } catch (ApiException e) {
            assertThat(e.getCode()).isEqualTo(404);
            assertThat(e.getResponseBody()).contains("\"reason\":\"NotFound\"");
        }
    }

    @Test
    void listWithLabelAndFieldSelectors() throws Exception {
        for (String name : List.of("red", "green", "blue")) {
            core.createNamespacedConfigMap("official", new V1ConfigMap().metadata(new V1ObjectMeta().name("sel-" + name)
                    .labels(Map.of("color", name, "set", "selectors")))).execute();
        }
        var warm = core.listNamespacedConfigMap("official").labelSelector("set=selectors,color in (red,blue)").execute();
        assertThat(warm.getItems()).extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("sel-red", "sel-blue");
        var one = core.listNamespacedConfigMap("official").fieldSelector("metadata.name=sel-green").execute();
        assertThat(one.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("sel-green");
    }

    @Test
    void watchReceivesAddedModifiedAndDeleted() throws Exception {
        String rv = core.listNamespacedConfigMap("official").execute().getMetadata().getResourceVersion();
        List<String> seen = new ArrayList<>();
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(500);
                core.createNamespacedConfigMap("official", new V1ConfigMap().metadata(new V1ObjectMeta().name("watched"))
                        .data(Map.of("a", "1"))).execute();
                V1ConfigMap cm = core.readNamespacedConfigMap("watched", "official").execute();
                cm.setData(Map.of("a", "2"));
                core.replaceNamespacedConfigMap("watched", "official", cm).execute();
                core.deleteNamespacedConfigMap("watched", "official").execute();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client,
                core.listNamespacedConfigMap("official").fieldSelector("metadata.name=watched").resourceVersion(rv)
                        .watch(true).timeoutSeconds(30).buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType())) {
            for (Watch.Response<V1ConfigMap> event : watch) {
                seen.add(event.type + ":" + event.object.getData().get("a"));
                if (event.type.equals("DELETED")) {
                    break;
                }
            }
        }
        writer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(seen).containsExactly("ADDED:1", "MODIFIED:2", "DELETED:2");
    }
}
