package dev.capstan.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.registry.DeleteOptions;
import dev.capstan.api.security.UserInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The built-in plugins against a real ObjectStore, as a client of the store sees them. */
class PluginsTest {

    @TempDir
    Path dir;
    AdmissionFixture fx;

    @BeforeEach
    void open() {
        fx = new AdmissionFixture(dir, reader -> List.of(new NamespaceLifecycle(reader), new LimitRanger(reader),
                new ServiceAccountAdmission(reader, 1, Duration.ZERO, true), new NodeRestriction(reader),
                new PriorityAdmission(reader), new DefaultTolerationSeconds(), new PodSecurityAdmission(reader),
                new ResourceQuotaAdmission(reader)));
        fx.namespace("default", "{}");
        fx.namespace("ns", "{}");
        fx.create("", "serviceaccounts", "ns", "{\"metadata\":{\"name\":\"default\"}}");
    }

    @AfterEach
    void close() {
        fx.close();
    }

    static String pod(String name) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
    }

    static ApiException refusal(Runnable write) {
        try {
            write.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("the write was admitted");
    }

    @Test
    void namespaceLifecycleRefusesContentInAMissingNamespaceAndProtectsTheSystemOnes() {
        ApiException missing = refusal(() -> fx.create("", "configmaps", "nowhere", "{\"metadata\":{\"name\":\"x\"}}"));
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.getMessage()).isEqualTo("namespaces \"nowhere\" not found");

        ApiException immortal = refusal(() -> fx.store.delete(fx.def("", "namespaces"), null, "default", DeleteOptions.defaults()));
        assertThat(immortal.code()).isEqualTo(403);
        assertThat(immortal.getMessage()).isEqualTo("namespaces \"default\" is forbidden: this namespace may not be deleted");
    }

    @Test
    void aPodWithoutItsServiceAccountIsRefusedAndOneWithItGetsTheTokenVolume() {
        ApiException refused = refusal(() -> fx.create("", "pods", "default", pod("p")));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.getMessage()).isEqualTo("pods \"p\" is forbidden: error looking up service account "
                + "default/default: serviceaccount \"default\" not found");

        ObjectNode created = fx.create("", "pods", "ns", pod("p"));
        assertThat(created.path("spec").path("serviceAccountName").asString()).isEqualTo("default");
        String volume = created.path("spec").path("volumes").get(0).path("name").asString();
        assertThat(volume).matches("kube-api-access-[a-z0-9]{5}");
        assertThat(created.path("spec").path("containers").get(0).path("volumeMounts").get(0).path("mountPath").asString())
                .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");

        ObjectNode noToken = fx.create("", "pods", "ns", "{\"metadata\":{\"name\":\"q\"},\"spec\":{"
                + "\"automountServiceAccountToken\":false,\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        assertThat(noToken.path("spec").has("volumes")).isFalse();
    }

    @Test
    void defaultTolerationsAreAddedUnlessThePodToleratesTheTaints() {
        ObjectNode created = fx.create("", "pods", "ns", pod("p"));
        assertThat(created.path("spec").path("tolerations").toString()).isEqualTo("[{\"key\":\"node.kubernetes.io/not-ready\","
                + "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/"
                + "unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]");

        ObjectNode tolerant = fx.create("", "pods", "ns", "{\"metadata\":{\"name\":\"t\"},\"spec\":{\"tolerations\":"
                + "[{\"operator\":\"Exists\"}],\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        assertThat(tolerant.path("spec").path("tolerations")).hasSize(1);
    }

    @Test
    void priorityComesFromTheNamedClassOrTheGlobalDefault() {
        ApiException missing = refusal(() -> fx.create("", "pods", "ns", "{\"metadata\":{\"name\":\"p\"},\"spec\":{"
                + "\"priorityClassName\":\"gold\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}"));
        assertThat(missing.getMessage()).isEqualTo("pods \"p\" is forbidden: no PriorityClass with name gold was found");

        fx.create("scheduling.k8s.io", "priorityclasses", null, "{\"metadata\":{\"name\":\"gold\"},\"value\":1000,"
                + "\"preemptionPolicy\":\"Never\"}");
        fx.create("scheduling.k8s.io", "priorityclasses", null, "{\"metadata\":{\"name\":\"usual\"},\"value\":7,"
                + "\"globalDefault\":true}");
        ObjectNode gold = fx.create("", "pods", "ns", "{\"metadata\":{\"name\":\"g\"},\"spec\":{"
                + "\"priorityClassName\":\"gold\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        assertThat(gold.path("spec").path("priority").asInt()).isEqualTo(1000);
        assertThat(gold.path("spec").path("preemptionPolicy").asString()).isEqualTo("Never");
        ObjectNode usual = fx.create("", "pods", "ns", pod("u"));
        assertThat(usual.path("spec").path("priorityClassName").asString()).isEqualTo("usual");
        assertThat(usual.path("spec").path("priority").asInt()).isEqualTo(7);
        ObjectNode critical = fx.create("", "pods", "ns", "{\"metadata\":{\"name\":\"k\"},\"spec\":{"
                + "\"priorityClassName\":\"system-node-critical\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        assertThat(critical.path("spec").path("priority").asInt()).isEqualTo(2000001000);

        ApiException second = refusal(() -> fx.create("scheduling.k8s.io", "priorityclasses", null,
                "{\"metadata\":{\"name\":\"other\"},\"value\":8,\"globalDefault\":true}"));
        assertThat(second.getMessage()).isEqualTo("priorityclasses.scheduling.k8s.io \"other\" is forbidden: "
                + "PriorityClass usual is marked as default. Only one default can exist");
    }

    @Test
    void limitRangeDefaultsAreAppliedAndItsBoundsEnforced() {
        fx.create("", "limitranges", "ns", "{\"metadata\":{\"name\":\"lr\"},\"spec\":{\"limits\":[{\"type\":\"Container\","
                + "\"default\":{\"cpu\":\"500m\"},\"defaultRequest\":{\"cpu\":\"100m\"},\"max\":{\"cpu\":\"1\"},"
                + "\"min\":{\"cpu\":\"50m\"},\"maxLimitRequestRatio\":{\"cpu\":\"5\"}}]}}");
        ObjectNode created = fx.create("", "pods", "ns", pod("p"));
        assertThat(created.path("spec").path("containers").get(0).path("resources").toString())
                .isEqualTo("{\"requests\":{\"cpu\":\"100m\"},\"limits\":{\"cpu\":\"500m\"}}");
        assertThat(created.path("metadata").path("annotations").path("kubernetes.io/limit-ranger").asString())
                .isEqualTo("LimitRanger plugin set: cpu request for container c; cpu limit for container c");

        ApiException tooBig = refusal(() -> fx.create("", "pods", "ns", "{\"metadata\":{\"name\":\"big\"},\"spec\":{"
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"resources\":{\"limits\":{\"cpu\":\"2\"}}}]}}"));
        assertThat(tooBig.code()).isEqualTo(403);
        assertThat(tooBig.getMessage()).isEqualTo("pods \"big\" is forbidden: [maximum cpu usage per Container is 1, "
                + "but limit is 2, cpu max limit to request ratio per Container is 5, but provided ratio is 20.000000]");
    }

    @Test
    void aQuotaRefusesTheCreateThatWouldExceedItAndChargesTheOthers() {
        fx.create("", "resourcequotas", "ns", "{\"metadata\":{\"name\":\"q\"},\"spec\":{\"hard\":{\"pods\":\"2\","
                + "\"requests.cpu\":\"1\"}},\"status\":{\"hard\":{\"pods\":\"2\",\"requests.cpu\":\"1\"},"
                + "\"used\":{\"pods\":\"0\",\"requests.cpu\":\"0\"}}}");
        ApiException unspecified = refusal(() -> fx.create("", "pods", "ns", pod("bare")));
        assertThat(unspecified.getMessage()).isEqualTo("pods \"bare\" is forbidden: failed quota: q: must specify "
                + "requests.cpu for: c");
        String withCpu = "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"b\","
                + "\"resources\":{\"requests\":{\"cpu\":\"%s\"}}}]}}";
        fx.create("", "pods", "ns", withCpu.formatted("a", "400m"));
        ApiException overCpu = refusal(() -> fx.create("", "pods", "ns", withCpu.formatted("b", "700m")));
        assertThat(overCpu.getMessage()).isEqualTo("pods \"b\" is forbidden: exceeded quota: q, requested: "
                + "requests.cpu=700m, used: requests.cpu=400m, limited: requests.cpu=1");
        fx.create("", "pods", "ns", withCpu.formatted("c", "100m"));
        ApiException overCount = refusal(() -> fx.create("", "pods", "ns", withCpu.formatted("d", "100m")));
        assertThat(overCount.getMessage()).isEqualTo("pods \"d\" is forbidden: exceeded quota: q, requested: pods=1, "
                + "used: pods=2, limited: pods=2");
        assertThat(fx.reader.get("", "resourcequotas", "ns", "q").orElseThrow().path("status").path("used").toString())
                .isEqualTo("{\"pods\":\"2\",\"requests.cpu\":\"500m\"}");
    }

    @Test
    void aQuotaWhoseUsedLagsBehindTheStoreStillRefusesTheCreateOverTheLimit() {
        fx.create("", "configmaps", "ns", "{\"metadata\":{\"name\":\"one\"}}");
        fx.create("", "configmaps", "ns", "{\"metadata\":{\"name\":\"two\"}}");
        fx.create("", "resourcequotas", "ns", "{\"metadata\":{\"name\":\"stale\"},\"spec\":{\"hard\":{\"configmaps\":\"2\"}},"
                + "\"status\":{\"hard\":{\"configmaps\":\"2\"},\"used\":{\"configmaps\":\"0\"}}}");

        ApiException refused = refusal(() -> fx.create("", "configmaps", "ns", "{\"metadata\":{\"name\":\"three\"}}"));

        assertThat(refused.getMessage()).isEqualTo("configmaps \"three\" is forbidden: exceeded quota: stale, "
                + "requested: configmaps=1, used: configmaps=2, limited: configmaps=2");
    }

    @Test
    void aQuotaTheControllerHasNotFilledInIsIgnoredAndOneWithoutUsageIsUnknown() {
        fx.create("", "resourcequotas", "ns", "{\"metadata\":{\"name\":\"fresh\"},\"spec\":{\"hard\":{\"configmaps\":\"0\"}}}");
        fx.create("", "configmaps", "ns", "{\"metadata\":{\"name\":\"one\"}}");
        fx.create("", "resourcequotas", "ns", "{\"metadata\":{\"name\":\"half\"},\"spec\":{\"hard\":{\"secrets\":\"1\"}},"
                + "\"status\":{\"hard\":{\"secrets\":\"1\"}}}");
        ApiException unknown = refusal(() -> fx.create("", "secrets", "ns", "{\"metadata\":{\"name\":\"s\"}}"));
        assertThat(unknown.getMessage()).isEqualTo("secrets \"s\" is forbidden: status unknown for quota: half, resources: secrets");
    }

    @Test
    void podSecurityEnforcesAndWarnsByNamespaceLabels() {
        fx.namespace("secure", "{\"pod-security.kubernetes.io/enforce\":\"baseline\","
                + "\"pod-security.kubernetes.io/warn\":\"restricted\",\"pod-security.kubernetes.io/warn-version\":\"v1.30\"}");
        fx.create("", "serviceaccounts", "secure", "{\"metadata\":{\"name\":\"default\"}}");
        ApiException refused = refusal(() -> fx.create("", "pods", "secure", "{\"metadata\":{\"name\":\"x\"},\"spec\":{"
                + "\"hostPID\":true,\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}"));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.getMessage()).isEqualTo("pods \"x\" is forbidden: violates PodSecurity \"baseline:latest\": "
                + "host namespaces (hostPID=true)");

        List<String> warnings = new ArrayList<>();
        fx.createAs(null, warnings, "", "pods", "secure", pod("ok"));
        assertThat(warnings).singleElement().asString().startsWith("would violate PodSecurity \"restricted:v1.30\": "
                + "allowPrivilegeEscalation != false");

        List<String> deploymentWarnings = new ArrayList<>();
        fx.createAs(null, deploymentWarnings, "apps", "deployments", "secure", "{\"metadata\":{\"name\":\"d\"},\"spec\":{"
                + "\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},"
                + "\"spec\":{\"hostPID\":true,\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}");
        assertThat(deploymentWarnings.get(0)).isEqualTo("would violate PodSecurity \"baseline:latest\": host namespaces (hostPID=true)");
    }

    @Test
    void aNodeMayOnlyTouchItselfAndItsPods() {
        UserInfo node = new UserInfo("system:node:n1", "", List.of("system:nodes", "system:authenticated"), Map.of());
        ApiException other = refusal(() -> fx.createAs(node, null, "", "nodes", null, "{\"metadata\":{\"name\":\"n2\"}}"));
        assertThat(other.getMessage()).isEqualTo("nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify node \"n2\"");
        fx.createAs(node, null, "", "nodes", null, "{\"metadata\":{\"name\":\"n1\"}}");

        ApiException notMirror = refusal(() -> fx.createAs(node, null, "", "pods", "ns", pod("p")));
        assertThat(notMirror.getMessage()).isEqualTo("pods \"p\" is forbidden: pod does not have "
                + "\"kubernetes.io/config.mirror\" annotation, node \"n1\" can only create mirror pods");
        fx.createAs(node, null, "", "pods", "ns", "{\"metadata\":{\"name\":\"m\",\"annotations\":{\"kubernetes.io/config.mirror\":"
                + "\"x\"}},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        fx.create("", "pods", "ns", pod("elsewhere"));
        ApiException delete = refusal(() -> fx.store.delete(fx.def("", "pods"), "ns", "elsewhere",
                DeleteOptions.defaults().withUser(node)));
        assertThat(delete.getMessage()).isEqualTo("pods \"elsewhere\" is forbidden: node \"n1\" can only delete pods "
                + "with spec.nodeName set to itself");
    }
}
