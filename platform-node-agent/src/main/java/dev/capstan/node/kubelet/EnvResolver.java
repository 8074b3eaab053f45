package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's environment as upstream's {@code makeEnvironmentVariables}: {@code envFrom} first (ConfigMaps and
 * Secrets, with prefix), then {@code env} in order, each value expanded against what came before; values from
 * {@code fieldRef}, {@code resourceFieldRef}, {@code configMapKeyRef} and {@code secretKeyRef}. A missing
 * non-optional source is a {@link ConfigError}.
 */
public final class EnvResolver {

    private final KubernetesClient client;

    public EnvResolver(KubernetesClient client) {
        this.client = client;
    }

    public Map<String, String> environment(Pod pod, Container container, String podIp, String hostIp) {
        Map<String, String> env = new LinkedHashMap<>();
        String ns = pod.getMetadata().getNamespace();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    ConfigMap map = client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
                    if (map == null) {
                        if (!Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                            throw new ConfigError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                        }
                    } else if (map.getData() != null) {
                        map.getData().forEach((k, v) -> env.put(prefix + k, v));
                    }
                }
                if (from.getSecretRef() != null) {
                    Secret secret = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
                    if (secret == null) {
                        if (!Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                            throw new ConfigError("secret \"" + from.getSecretRef().getName() + "\" not found");
                        }
                    } else {
                        secretData(secret).forEach((k, v) -> env.put(prefix + k, v));
                    }
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                String value = var.getValueFrom() == null
                        ? VariableExpansion.expand(var.getValue() == null ? "" : var.getValue(), env)
                        : valueFrom(pod, container, var.getValueFrom(), podIp, hostIp);
                if (value != null) {
                    env.put(var.getName(), value);
                }
            }
        }
        return env;
    }

    private String valueFrom(Pod pod, Container container, EnvVarSource source, String podIp, String hostIp) {
        String ns = pod.getMetadata().getNamespace();
        if (source.getFieldRef() != null) {
            return PodFields.value(pod, source.getFieldRef().getFieldPath(), podIp, hostIp);
        }
        if (source.getResourceFieldRef() != null) {
            return resource(pod, container, source.getResourceFieldRef().getContainerName(),
                    source.getResourceFieldRef().getResource(), source.getResourceFieldRef().getDivisor());
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            ConfigMap map = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
            String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(map == null ? "configmap \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
            }
            return value;
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Secret secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
            String value = secret == null ? null : secretData(secret).get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(secret == null ? "secret \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
            }
            return value;
        }
        return null;
    }

    static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    /** Upstream's {@code ExtractContainerResourceValue}: cpu rounded up to the divisor, memory divided and rounded up. */
    static String resource(Pod pod, Container self, String containerName, String resource, Quantity divisor) {
        Container container = self;
        if (containerName != null && !containerName.isEmpty()) {
            container = pod.getSpec().getContainers().stream().filter(c -> containerName.equals(c.getName())).findFirst().orElse(self);
        }
        String[] parts = resource.split("\\.", 2);
        Map<String, Quantity> values = container.getResources() == null ? Map.of()
                : "limits".equals(parts[0]) ? container.getResources().getLimits() : container.getResources().getRequests();
        Quantity quantity = values == null ? null : values.get(parts[1]);
        if (quantity == null) {
            return "0";
        }
        BigDecimal amount = quantity.getNumericalAmount();
        BigDecimal by = divisor == null ? BigDecimal.ONE : divisor.getNumericalAmount();
        if (by.signum() == 0) {
            by = BigDecimal.ONE;
        }
        return amount.divide(by, 0, RoundingMode.CEILING).toPlainString();
    }
}
