package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against a real Capstan server: what an operator types, and what they see. */
class KubectlIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static Kubectl kubectl;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        kubectl = new Kubectl(SERVER.kubeconfig());
    }

    private Path file(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static String deployment(String name, String image, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  labels: {app: %s}
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: web
                        image: %s
                        env:
                        - {name: MODE, value: prod}
                """.formatted(name, name, replicas, name, name, image);
    }

    @Test
    void getNamespacesListsTheFourSystemNamespaces() {
        String out = kubectl.run("get", "ns").ok().out();
        assertThat(out).contains("NAME", "STATUS", "AGE")
                .contains("default", "kube-system", "kube-public", "kube-node-lease").contains("Active");
    }

    @Test
    void createFromFileThenGetInEveryOutputFormat() throws Exception {
        kubectl.run("create", "namespace", "formats").ok();
        kubectl.run("-n", "formats", "create", "-f", file("cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, labels: {tier: web}}
                data: {color: blue, size: large}
                """).toString()).ok();

        assertThat(kubectl.run("-n", "formats", "get", "cm", "settings", "-o", "yaml").ok().out())
                .contains("color: blue", "resourceVersion:", "uid:", "creationTimestamp:");
        assertThat(kubectl.run("-n", "formats", "get", "configmap", "settings", "-o", "json").ok().out())
                .contains("\"kind\": \"ConfigMap\"", "\"size\": \"large\"");
        assertThat(kubectl.run("-n", "formats", "get", "cm", "-o", "wide").ok().out())
                .contains("NAME", "DATA", "settings", "2");
        assertThat(kubectl.run("-n", "formats", "get", "cm", "-l", "tier=web", "-o", "name").ok().out())
                .contains("configmap/settings");
        assertThat(kubectl.run("-n", "formats", "create", "-f", dir.resolve("cm.yaml").toString()).err())
                .contains("AlreadyExists").contains("already exists");
    }

    @Test
    void applyIsIdempotentAndAppliesAChangedManifest() throws Exception {
        Path manifest = file("deploy.yaml", deployment("shop", "nginx:1.25", 2));
        assertThat(kubectl.run("apply", "-f", manifest.toString()).ok().out()).contains("deployment.apps/shop created");
        assertThat(kubectl.run("apply", "-f", manifest.toString()).ok().out()).contains("deployment.apps/shop unchanged");
        String generation = kubectl.run("get", "deploy", "shop", "-o", "jsonpath={.metadata.generation}").ok().out();

        Files.writeString(manifest, deployment("shop", "nginx:1.26", 3));
        assertThat(kubectl.run("apply", "-f", manifest.toString()).ok().out()).contains("deployment.apps/shop configured");

        String image = kubectl.run("get", "deploy", "shop", "-o", "jsonpath={.spec.template.spec.containers[0].image}").ok().out();
        String replicas = kubectl.run("get", "deploy", "shop", "-o", "jsonpath={.spec.replicas}").ok().out();
        String newGeneration = kubectl.run("get", "deploy", "shop", "-o", "jsonpath={.metadata.generation}").ok().out();
        assertThat(image).isEqualTo("nginx:1.26");
        assertThat(replicas).isEqualTo("3");
        assertThat(Long.parseLong(newGeneration)).isGreaterThan(Long.parseLong(generation));
    }

    @Test
    void getWatchPrintsChangesAsTheyHappen() throws Exception {
        kubectl.run("create", "namespace", "watched").ok();
        Path output = dir.resolve("watch.txt");
        Process watch = kubectl.start(output, "-n", "watched", "get", "cm", "-w", "--output-watch-events");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(output));
            Thread.sleep(1500);
            kubectl.run("-n", "watched", "create", "configmap", "first", "--from-literal=a=1").ok();
            kubectl.run("-n", "watched", "label", "configmap", "first", "changed=yes").ok();
            kubectl.run("-n", "watched", "delete", "configmap", "first").ok();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Files.readString(output))
                    .contains("ADDED", "MODIFIED", "DELETED").contains("first"));
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void describeShowsTheObject() {
        kubectl.run("create", "namespace", "described").ok();
        kubectl.run("-n", "described", "create", "configmap", "info", "--from-literal=k=v").ok();
        String out = kubectl.run("-n", "described", "describe", "configmap", "info").ok().out();
        assertThat(out).contains("Name:", "info", "Namespace:", "described", "Data");
    }

    @Test
    void labelAnnotateAndThreeKindsOfPatch() {
        kubectl.run("create", "namespace", "patched").ok();
        kubectl.run("-n", "patched", "create", "deployment", "api", "--image=nginx:1.25").ok();

        kubectl.run("-n", "patched", "label", "deployment", "api", "team=blue").ok();
        kubectl.run("-n", "patched", "annotate", "deployment", "api", "owner=ops").ok();
        kubectl.run("-n", "patched", "patch", "deployment", "api", "--type=merge", "-p", "{\"spec\":{\"replicas\":4}}").ok();
        kubectl.run("-n", "patched", "patch", "deployment", "api", "--type=json",
                "-p", "[{\"op\":\"replace\",\"path\":\"/spec/revisionHistoryLimit\",\"value\":3}]").ok();
        kubectl.run("-n", "patched", "patch", "deployment", "api", "--type=strategic", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.27\"}]}}}}").ok();

        String json = kubectl.run("-n", "patched", "get", "deployment", "api", "-o", "json").ok().out();
        assertThat(json).contains("\"team\": \"blue\"", "\"owner\": \"ops\"", "\"replicas\": 4",
                "\"revisionHistoryLimit\": 3", "\"image\": \"nginx:1.27\"");
        // the strategic patch merged the container by name instead of replacing the list
        assertThat(kubectl.run("-n", "patched", "get", "deployment", "api", "-o",
                "jsonpath={.spec.template.spec.containers[*].name}").ok().out()).isEqualTo("nginx");
        assertThat(kubectl.run("-n", "patched", "patch", "deployment", "api", "--type=json",
                "-p", "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":99}]").exitCode()).isNotZero();
    }

    @Test
    void scaleChangesReplicasThroughTheScaleSubresource() {
        kubectl.run("create", "namespace", "scaled").ok();
        kubectl.run("-n", "scaled", "create", "deployment", "worker", "--image=busybox", "--replicas=1").ok();
        kubectl.run("-n", "scaled", "scale", "deployment", "worker", "--replicas=5").ok();
        assertThat(kubectl.run("-n", "scaled", "get", "deploy", "worker", "-o", "jsonpath={.spec.replicas}").ok().out())
                .isEqualTo("5");
    }

    @Test
    void editSavesWhatTheEditorChanged() throws Exception {
        kubectl.run("create", "namespace", "edited").ok();
        kubectl.run("-n", "edited", "create", "configmap", "conf", "--from-literal=mode=slow").ok();
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/mode: slow/mode: fast/' \"$1\"\n");
        editor.toFile().setExecutable(true);

        kubectl.run(Map.of("EDITOR", editor.toString(), "KUBE_EDITOR", editor.toString()), null,
                "-n", "edited", "edit", "configmap", "conf").ok();

        assertThat(kubectl.run("-n", "edited", "get", "cm", "conf", "-o", "jsonpath={.data.mode}").ok().out())
                .isEqualTo("fast");
    }

    @Test
    void deleteWaitsForFinalizersToBeRemoved() throws Exception {
        kubectl.run("create", "namespace", "final").ok();
        kubectl.run("-n", "final", "apply", "-f", file("held.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: held, finalizers: [example.com/hold]}
                data: {a: b}
                """).toString()).ok();
        Path output = dir.resolve("delete.txt");
        Process delete = kubectl.start(output, "-n", "final", "delete", "configmap", "held", "--wait=true", "--timeout=60s");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("-n", "final", "get", "cm",
                "held", "-o", "jsonpath={.metadata.deletionTimestamp}").ok().out()).isNotEmpty());
        assertThat(delete.isAlive()).as("delete --wait waits while the finalizer holds the object").isTrue();

        kubectl.run("-n", "final", "patch", "configmap", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}").ok();

        assertThat(delete.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(delete.exitValue()).isZero();
        assertThat(kubectl.run("-n", "final", "get", "cm", "held").err()).contains("NotFound");
    }

    @Test
    void apiResourcesListsEveryKindWithShortNames() {
        String out = kubectl.run("api-resources").ok().out();
        assertThat(out).contains("pods", "po", "deployments", "deploy", "apps/v1", "namespaces", "ns", "leases",
                "coordination.k8s.io/v1", "endpointslices", "poddisruptionbudgets", "pdb", "priorityclasses",
                "clusterroles", "ingresses", "ing", "cronjobs", "cj", "statefulsets", "sts");
    }

    @Test
    void explainDescribesFieldsFromTheServersSchema() {
        String out = kubectl.run("explain", "deployment.spec").ok().out();
        assertThat(out).contains("KIND:", "Deployment", "replicas", "selector", "template");
        assertThat(kubectl.run("explain", "pods.spec.containers").ok().out()).contains("image", "name");
    }

    @Test
    void diffShowsWhatApplyWouldChange() throws Exception {
        Path manifest = file("diff.yaml", deployment("differ", "nginx:1.25", 1));
        kubectl.run("apply", "-f", manifest.toString()).ok();
        Files.writeString(manifest, deployment("differ", "nginx:1.99", 1));

        Kubectl.Result diff = kubectl.run("diff", "-f", manifest.toString());

        assertThat(diff.exitCode()).as(diff.err()).isEqualTo(1); // 1 = differences found
        assertThat(diff.out()).contains("-        image: nginx:1.25").contains("+        image: nginx:1.99");
        // diff is a dry run: nothing changed
        assertThat(kubectl.run("get", "deploy", "differ", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
                .ok().out()).isEqualTo("nginx:1.25");
    }
}
