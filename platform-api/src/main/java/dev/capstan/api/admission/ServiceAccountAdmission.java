package dev.capstan.api.admission;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's ServiceAccount plugin: a new pod runs as {@code serviceAccountName} ("default" when unset), which
 * must exist; unless {@code automountServiceAccountToken} is false (the pod's setting wins over the account's) a
 * projected {@code kube-api-access-<random>} volume (a bound token, the cluster CA, the namespace) is mounted at
 * {@value #MOUNT_PATH} in every container; the account's imagePullSecrets are copied when the pod has none.
 */
public final class ServiceAccountAdmission implements MutatingAdmission {

    public static final String NAME = "ServiceAccount";
    public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String VOLUME_PREFIX = "kube-api-access-";
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final ClusterReader reader;
    private final int defaultAccountAttempts;
    private final Duration retryInterval;
    private final boolean mountToken;
    private final SecureRandom random = new SecureRandom();

    /**
     * Waits up to 30 s for the "default" account: upstream waits 1-2 s, but Capstan's controller manager starts
     * its controllers only after winning its leader election, so right after a start the account comes later.
     */
    public ServiceAccountAdmission(ClusterReader reader) {
        this(reader, 60, Duration.ofMillis(500), true);
    }

    /**
     * @param defaultAccountAttempts how often the "default" account is looked up before the pod is refused: the
     *     controller manager creates it right after the namespace, so upstream waits for it briefly
     */
    public ServiceAccountAdmission(ClusterReader reader, int defaultAccountAttempts, Duration retryInterval,
            boolean mountToken) {
        this.reader = reader;
        this.mountToken = mountToken;
        this.defaultAccountAttempts = defaultAccountAttempts;
        this.retryInterval = retryInterval;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.SERVICE_ACCOUNT;
    }

    @Override
    public void admit(AdmissionAttributes a) {
        if (a.operation() != Operation.CREATE || !a.isCore("pods")) {
            return;
        }
        ObjectNode pod = a.object();
        if (pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
            return; // static pods of the node agent run without an account, as upstream's mirror pods
        }
        ObjectNode spec = PodSpecs.spec(pod);
        String account = spec.path("serviceAccountName").asString("");
        if (account.isEmpty()) {
            account = "default";
            spec.put("serviceAccountName", account);
        }
        ObjectNode serviceAccount = lookUp(a, account);
        if (mountToken && automount(spec, serviceAccount)) {
            mountToken(spec);
        }
        if (spec.path("imagePullSecrets").isEmpty() && serviceAccount.path("imagePullSecrets").isArray()
                && !serviceAccount.path("imagePullSecrets").isEmpty()) {
            ArrayNode secrets = spec.putArray("imagePullSecrets");
            for (JsonNode ref : serviceAccount.get("imagePullSecrets")) {
                secrets.addObject().put("name", ref.path("name").asString(""));
            }
        }
    }

    private ObjectNode lookUp(AdmissionAttributes a, String account) {
        int attempts = "default".equals(account) ? Math.max(1, defaultAccountAttempts) : 1;
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                sleep();
            }
            Optional<ObjectNode> found = reader.get("", "serviceaccounts", a.namespace(), account);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw AdmissionErrors.forbidden(a, "error looking up service account " + a.namespace() + "/" + account
                + ": serviceaccount \"" + account + "\" not found");
    }

    private void sleep() {
        try {
            Thread.sleep(retryInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean automount(ObjectNode spec, ObjectNode serviceAccount) {
        if (spec.path("automountServiceAccountToken").isBoolean()) {
            return spec.get("automountServiceAccountToken").asBoolean();
        }
        return !serviceAccount.path("automountServiceAccountToken").isBoolean()
                || serviceAccount.get("automountServiceAccountToken").asBoolean();
    }

    private void mountToken(ObjectNode spec) {
        for (ObjectNode container : PodSpecs.containers(spec, false)) {
            for (JsonNode mount : container.path("volumeMounts")) {
                if (MOUNT_PATH.equals(mount.path("mountPath").asString(""))) {
                    return; // the pod brings its own credentials
                }
            }
        }
        String volume = VOLUME_PREFIX + randomSuffix();
        ArrayNode volumes = spec.get("volumes") instanceof ArrayNode v ? v : spec.putArray("volumes");
        ObjectNode projected = volumes.addObject().put("name", volume).putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", 3607).put("path", "token");
        ObjectNode configMap = sources.addObject().putObject("configMap").put("name", "kube-root-ca.crt");
        configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        sources.addObject().putObject("downwardAPI").putArray("items").addObject().put("path", "namespace")
                .putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", 420);
        for (ObjectNode container : PodSpecs.containers(spec, false)) {
            ArrayNode mounts = container.get("volumeMounts") instanceof ArrayNode m ? m : container.putArray("volumeMounts");
            mounts.addObject().put("name", volume).put("readOnly", true).put("mountPath", MOUNT_PATH);
        }
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return suffix.toString();
    }
}
