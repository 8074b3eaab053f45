package dev.capstan.api.security.authn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.json.Json;
import dev.capstan.api.security.UserInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class BootstrapTokenAuthenticatorTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static ObjectNode secret(Map<String, String> data) {
        ObjectNode secret = Json.object();
        secret.put("type", "bootstrap.kubernetes.io/token");
        secret.putObject("metadata").put("name", "bootstrap-token-abcdef").put("namespace", "kube-system");
        ObjectNode encoded = secret.putObject("data");
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return secret;
    }

    private static Map<String, String> valid() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("token-id", "abcdef");
        data.put("token-secret", "0123456789abcdef");
        data.put("usage-bootstrap-authentication", "true");
        return data;
    }

    private static UserInfo user(ObjectNode secret) {
        return BootstrapTokenAuthenticator.user(secret, "abcdef", "0123456789abcdef", NOW);
    }

    @Test
    void aValidTokenIsTheBootstrapUser() {
        Map<String, String> data = valid();
        data.put("auth-extra-groups", "system:bootstrappers:kubeadm:default-node-token,system:bootstrappers:worker");
        data.put("expiration", "2026-01-02T00:00:00Z");

        UserInfo user = user(secret(data));

        assertThat(user.name()).isEqualTo("system:bootstrap:abcdef");
        assertThat(user.groups()).containsExactly("system:bootstrappers",
                "system:bootstrappers:kubeadm:default-node-token", "system:bootstrappers:worker");
    }

    @Test
    void tokenShape() {
        assertThat(BootstrapTokenAuthenticator.TOKEN.matcher("abcdef.0123456789abcdef").matches()).isTrue();
        assertThat(BootstrapTokenAuthenticator.TOKEN.matcher("ABCDEF.0123456789abcdef").matches()).isFalse();
        assertThat(BootstrapTokenAuthenticator.TOKEN.matcher("abcdef.0123456789abcde").matches()).isFalse();
        assertThat(new BootstrapTokenAuthenticator(null, null).authenticate("not-a-bootstrap-token").blockOptional()).isEmpty();
    }

    @Test
    void refusedWhenTheSecretDoesNotAllowIt() {
        Map<String, String> wrongSecret = valid();
        wrongSecret.put("token-secret", "ffffffffffffffff");
        assertThat(user(secret(wrongSecret))).isNull();

        Map<String, String> expired = valid();
        expired.put("expiration", "2025-12-31T23:59:59Z");
        assertThat(user(secret(expired))).isNull();

        Map<String, String> noUsage = valid();
        noUsage.remove("usage-bootstrap-authentication");
        assertThat(user(secret(noUsage))).isNull();

        Map<String, String> badGroup = valid();
        badGroup.put("auth-extra-groups", "system:masters");
        assertThat(user(secret(badGroup))).isNull();

        Map<String, String> otherId = valid();
        otherId.put("token-id", "zzzzzz");
        assertThat(user(secret(otherId))).isNull();

        ObjectNode wrongType = secret(valid());
        wrongType.put("type", "Opaque");
        assertThat(user(wrongType)).isNull();

        ObjectNode deleting = secret(valid());
        ((ObjectNode) deleting.get("metadata")).put("deletionTimestamp", "2025-12-31T00:00:00Z");
        assertThat(user(deleting)).isNull();
    }
}
