package dev.capstan.api.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SecretStrategyTest {

    private final SecretStrategy strategy = new SecretStrategy();

    @Test
    void stringDataIsMergedIntoDataOnCreateAndNotKept() {
        ObjectNode secret = secret("""
                {"metadata":{"name":"s"},"data":{"kept":"a2VwdA==","replaced":"b2xk"},
                 "stringData":{"replaced":"new","password":"pä55"}}""");
        strategy.prepareForCreate(secret);
        assertThat(secret.has("stringData")).isFalse();
        assertThat(secret.get("type").asString()).isEqualTo("Opaque");
        assertThat(secret.get("data").get("kept").asString()).isEqualTo("a2VwdA==");
        assertThat(secret.get("data").get("replaced").asString()).isEqualTo("bmV3");
        assertThat(secret.get("data").get("password").asString()).isEqualTo("cMOkNTU=");
    }

    @Test
    void stringDataAloneBecomesDataOnUpdate() {
        ObjectNode old = secret("""
                {"metadata":{"name":"s"},"type":"kubernetes.io/basic-auth","data":{"username":"YQ=="}}""");
        ObjectNode secret = secret("""
                {"metadata":{"name":"s"},"stringData":{"username":"app"}}""");
        strategy.prepareForUpdate(secret, old);
        assertThat(secret.has("stringData")).isFalse();
        assertThat(secret.get("type").asString()).isEqualTo("kubernetes.io/basic-auth");
        assertThat(secret.get("data").get("username").asString()).isEqualTo("YXBw");
    }

    @Test
    void aSecretWithoutStringDataIsLeftAsItIs() {
        ObjectNode secret = secret("""
                {"metadata":{"name":"s"},"type":"Opaque","data":{"k":"dg=="}}""");
        ObjectNode before = secret.deepCopy();
        strategy.prepareForCreate(secret);
        assertThat(secret).isEqualTo(before);
    }

    private static ObjectNode secret(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }
}
