package dev.capstan.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Fabric8PatchSchemaTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.template.spec.containers|name|false",
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.template.spec.initContainers|name|false",
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.template.spec.containers.env|name|false",
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.template.spec.containers.ports|containerPort|false",
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.template.spec.containers.volumeMounts|mountPath|false",
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.template.spec.volumes|name|true",
            "io.fabric8.kubernetes.api.model.apps.Deployment|status.conditions|type|false",
            "io.fabric8.kubernetes.api.model.apps.Deployment|metadata.finalizers|NONE|false",
            "io.fabric8.kubernetes.api.model.apps.Deployment|metadata.ownerReferences|uid|false",
            "io.fabric8.kubernetes.api.model.Pod|spec.ephemeralContainers|name|false",
            "io.fabric8.kubernetes.api.model.Pod|spec.ephemeralContainers.env|name|false",
            "io.fabric8.kubernetes.api.model.Pod|spec.imagePullSecrets|name|false",
            "io.fabric8.kubernetes.api.model.Pod|spec.hostAliases|ip|false",
            "io.fabric8.kubernetes.api.model.Pod|status.conditions|type|false",
            "io.fabric8.kubernetes.api.model.Pod|status.podIPs|ip|false",
            "io.fabric8.kubernetes.api.model.batch.v1.CronJob|spec.jobTemplate.spec.template.spec.containers.env|name|false",
            "io.fabric8.kubernetes.api.model.batch.v1.Job|status.conditions|type|false",
            "io.fabric8.kubernetes.api.model.apps.StatefulSet|spec.template.spec.containers.volumeDevices|devicePath|false",
            "io.fabric8.kubernetes.api.model.apps.DaemonSet|status.conditions|type|false",
            "io.fabric8.kubernetes.api.model.Node|status.addresses|type|false",
            "io.fabric8.kubernetes.api.model.Node|spec.podCIDRs|NONE|false",
            "io.fabric8.kubernetes.api.model.Service|spec.ports|port|false",
            "io.fabric8.kubernetes.api.model.ServiceAccount|secrets|name|false",
            "io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget|status.conditions|type|false"})
    void mergeListsOfBuiltInKindsCarryUpstreamsMergeKey(String kind, String path, String mergeKey, boolean retainKeys)
            throws ClassNotFoundException {
        Optional<ListStrategy> strategy = PatchSchema.forType(Class.forName(kind)).listStrategy(split(path));
        assertThat(strategy).contains(new ListStrategy(mergeKey, true, retainKeys));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.template.spec.tolerations",
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.template.spec.containers.args",
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.selector.matchExpressions",
            "io.fabric8.kubernetes.api.model.apps.Deployment|metadata.labels",
            "io.fabric8.kubernetes.api.model.apps.Deployment|spec.notAField",
            "io.fabric8.kubernetes.api.model.apps.Deployment|metadata.annotations.containers",
            "io.fabric8.kubernetes.api.model.Endpoints|subsets",
            "io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice|endpoints",
            "io.fabric8.kubernetes.api.model.networking.v1.Ingress|spec.rules",
            "io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy|spec.ingress"})
    void otherListsAreAtomic(String kind, String path) throws ClassNotFoundException {
        assertThat(PatchSchema.forType(Class.forName(kind)).listStrategy(split(path))).isEmpty();
    }

    @Test
    void onlyTheSelectorOfAPodDisruptionBudgetIsReplacedAsAWhole() {
        assertThat(PatchSchema.forType(PodDisruptionBudget.class).replacesMap(List.of("spec", "selector"))).isTrue();
        assertThat(PatchSchema.forType(Deployment.class).replacesMap(List.of("spec", "selector"))).isFalse();
    }

    @Test
    void schemasAreCachedPerKind() {
        assertThat(PatchSchema.forType(Deployment.class)).isSameAs(PatchSchema.forType(Deployment.class));
    }

    @Test
    void everyTableEntryNamesAListFieldOfItsFabric8Class() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Class<?>, Map<String, ListStrategy>> entry : PatchTags.allLists().entrySet()) {
            for (String field : entry.getValue().keySet()) {
                Optional<Field> declared = jsonField(entry.getKey(), field);
                if (declared.isEmpty() || !List.class.isAssignableFrom(declared.get().getType())) {
                    missing.add(entry.getKey().getSimpleName() + "." + field);
                }
            }
        }
        PatchTags.allReplacedMaps().forEach((type, fields) -> fields.forEach(field -> {
            if (jsonField(type, field).isEmpty()) {
                missing.add(type.getSimpleName() + "." + field);
            }
        }));
        assertThat(missing).isEmpty();
    }

    @Test
    void tableCoversTheServedBuiltInKinds() {
        List<Class<?>> kinds = List.of(Pod.class, Node.class, Service.class, ServiceAccount.class, Deployment.class,
                StatefulSet.class, DaemonSet.class, Job.class, CronJob.class);
        for (Class<?> kind : kinds) {
            assertThat(PatchSchema.forType(kind).listStrategy(List.of("metadata", "finalizers")))
                    .as(kind.getSimpleName()).contains(ListStrategy.primitiveSet());
        }
    }

    private static Optional<Field> jsonField(Class<?> type, String jsonName) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> {
                    var property = f.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    return jsonName.equals(property != null && !property.value().isEmpty() ? property.value()
                            : f.getName());
                })
                .findFirst();
    }

    private static List<String> split(String path) {
        return List.of(path.split("\\."));
    }
}
