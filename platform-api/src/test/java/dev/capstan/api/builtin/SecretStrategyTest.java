package dev.capstan.api.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SecretStrategyTest {

    @Test
    void stringDataIsMergedIntoDataAndNotStored() {
        ObjectNode secret = Json.object();
        secret.putObject("data").put("kept", "YQ==").put("token-id", "b2xk");
        secret.putObject("stringData").put("token-id", "abcdef").put("expiration", "2030-01-01T00:00:00Z");

        new SecretStrategy().prepareForCreate(secret);

        assertThat(secret.has("stringData")).isFalse();
        assertThat(secret.at("/type").asString()).isEqualTo("Opaque");
        assertThat(secret.at("/data/kept").asString()).isEqualTo("YQ==");
        assertThat(secret.at("/data/token-id").asString()).isEqualTo("YWJjZGVm");
        assertThat(secret.at("/data/expiration").asString()).isEqualTo("MjAzMC0wMS0wMVQwMDowMDowMFo=");
    }

    @Test
    void anUpdateMergesStringDataToo() {
        ObjectNode old = Json.object().put("type", "Opaque");
        ObjectNode secret = Json.object();
        secret.putObject("stringData").put("k", "v");

        new SecretStrategy().prepareForUpdate(secret, old);

        assertThat(secret.has("stringData")).isFalse();
        assertThat(secret.at("/data/k").asString()).isEqualTo("dg==");
    }
}
