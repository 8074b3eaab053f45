package dev.capstan.server.join;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bootstrap tokens as kubeadm makes them: {@code <id>.<secret>} ([a-z0-9]{6}.[a-z0-9]{16}) stored as the Secret
 * {@code kube-system/bootstrap-token-<id>} of type {@code bootstrap.kubernetes.io/token}, usable for authentication
 * and signing, in kubeadm's group {@code system:bootstrappers:kubeadm:default-node-token} (which the bootstrap
 * policy lets request node client certificates), expiring after the TTL (0: never).
 */
public final class BootstrapTokens {

    public static final String NODE_GROUP = "system:bootstrappers:kubeadm:default-node-token";
    static final String TYPE = "bootstrap.kubernetes.io/token";
    private static final String CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;

    public BootstrapTokens(KubernetesClient client) {
        this.client = client;
    }

    /** A token as printed: {@code <id>.<secret>}. */
    public record Token(String id, String secret) {
        @Override
        public String toString() {
            return id + "." + secret;
        }
    }

    /** A stored token, as {@code capstan token list} shows it. */
    public record Listed(String id, Instant expires, String usages, String description, String groups) {
    }

    public static Token generate() {
        return new Token(random(6), random(16));
    }

    /** Stores a new token; {@code ttl} zero or null: it never expires. */
    public Token create(Duration ttl, String description, Instant now) {
        Token token = generate();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("token-id", token.id());
        data.put("token-secret", token.secret());
        if (ttl != null && !ttl.isZero()) {
            data.put("expiration", now.plus(ttl).truncatedTo(ChronoUnit.SECONDS).toString());
        }
        data.put("usage-bootstrap-authentication", "true");
        data.put("usage-bootstrap-signing", "true");
        data.put("auth-extra-groups", NODE_GROUP);
        if (description != null && !description.isEmpty()) {
            data.put("description", description);
        }
        client.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                .withName("bootstrap-token-" + token.id()).withNamespace("kube-system").endMetadata()
                .withType(TYPE).withStringData(data).build()).create();
        return token;
    }

    public List<Listed> list() {
        return client.secrets().inNamespace("kube-system").list().getItems().stream()
                .filter(s -> TYPE.equals(s.getType())).map(BootstrapTokens::listed).toList();
    }

    private static Listed listed(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String expiration = decode(data.get("expiration"));
        List<String> usages = data.keySet().stream().filter(k -> k.startsWith("usage-bootstrap-"))
                .filter(k -> "true".equals(decode(data.get(k)))).map(k -> k.substring("usage-bootstrap-".length()))
                .sorted().toList();
        return new Listed(decode(data.get("token-id")), expiration.isEmpty() ? null : Instant.parse(expiration),
                String.join(",", usages), decode(data.get("description")), decode(data.get("auth-extra-groups")));
    }

    private static String decode(String base64) {
        return base64 == null ? "" : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(CHARS.charAt(RANDOM.nextInt(CHARS.length())));
        }
        return s.toString();
    }
}
