package dev.capstan.api.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionConfigurationTest {

    static final String KEY32 = Base64.getEncoder().encodeToString(new byte[32]);

    static String config(String providers) {
        return """
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                  - resources:
                      - secrets
                      - configmaps
                    providers:
                """ + providers.indent(6) + """
                  - resources: ["*.apps"]
                    providers:
                      - identity: {}
                """;
    }

    static EncryptionConfiguration parse(String text) {
        return EncryptionConfiguration.parse(text, new SecureRandom());
    }

    @Test
    void readsProvidersInOrderWithOneEntryPerKey() {
        EncryptionConfiguration config = parse(config("""
                - aesgcm:
                    keys:
                      - name: key2
                        secret: %s
                      - name: key1
                        secret: %s
                - aescbc:
                    keys:
                      - name: old
                        secret: %s
                - identity: {}
                """.formatted(KEY32, Base64.getEncoder().encodeToString(new byte[16]), KEY32)));

        PrefixTransformers secrets = config.transformersFor("", "secrets");
        assertThat(secrets.entries()).extracting(PrefixTransformers.Entry::prefix)
                .containsExactly("k8s:enc:aesgcm:v1:key2:", "k8s:enc:aesgcm:v1:key1:", "k8s:enc:aescbc:v1:old:", "");
        assertThat(config.transformersFor("", "configmaps")).isSameAs(secrets);
        assertThat(config.transformersFor("apps", "deployments").entries()).extracting(PrefixTransformers.Entry::prefix)
                .containsExactly("");
        assertThat(config.transformersFor("", "pods")).isNull();
        assertThat(config.transformersFor("batch", "jobs")).isNull();
    }

    @Test
    void wildcardsMatchAsUpstream() {
        EncryptionConfiguration config = parse("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                  - resources: ["secrets"]
                    providers: [{aesgcm: {keys: [{name: k, secret: %s}]}}]
                  - resources: ["*."]
                    providers: [{aescbc: {keys: [{name: core, secret: %s}]}}]
                  - resources: ["*.*"]
                    providers: [{identity: {}}]
                """.formatted(KEY32, KEY32));
        assertThat(config.transformersFor("", "secrets").entries().get(0).prefix()).isEqualTo("k8s:enc:aesgcm:v1:k:");
        assertThat(config.transformersFor("", "pods").entries().get(0).prefix()).isEqualTo("k8s:enc:aescbc:v1:core:");
        assertThat(config.transformersFor("example.com", "widgets").entries().get(0).prefix()).isEmpty();
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        String bad = Base64.getEncoder().encodeToString(new byte[20]);
        assertThatThrownBy(() -> parse(config("- aesgcm: {keys: [{name: k, secret: " + bad + "}]}")))
                .hasMessageContaining("resources[0].providers[0].aesgcm.keys[0].secret")
                .hasMessageContaining("secret is not of the expected length, got 20, expected one of [16 24 32]");
    }

    @Test
    void refusesSecretsThatAreNotBase64() {
        assertThatThrownBy(() -> parse(config("- aescbc: {keys: [{name: k, secret: 'not base64!'}]}")))
                .hasMessageContaining("secrets must be base64 encoded");
    }

    @Test
    void refusesUnknownAndUnsupportedProviders() {
        assertThatThrownBy(() -> parse(config("- rot13: {}")))
                .hasMessageContaining("unknown provider \"rot13\"");
        assertThatThrownBy(() -> parse(config("- secretbox: {keys: [{name: k, secret: " + KEY32 + "}]}")))
                .hasMessageContaining("secretbox provider (XSalsa20-Poly1305) is not supported");
        assertThatThrownBy(() -> parse(config("- kms: {name: x}")))
                .hasMessageContaining("kms provider is not supported");
        assertThatThrownBy(() -> parse(config("- {identity: {}, aesgcm: {keys: []}}")))
                .hasMessageContaining("more than one provider specified in a single element");
    }

    @Test
    void refusesMissingKeysAndNames() {
        assertThatThrownBy(() -> parse(config("- aesgcm: {keys: []}")))
                .hasMessageContaining("at least one key is required");
        assertThatThrownBy(() -> parse(config("- aesgcm: {keys: [{secret: " + KEY32 + "}]}")))
                .hasMessageContaining("keys[0].name: Required value");
    }

    @Test
    void refusesOtherKinds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("enc.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EncryptionConfiguration.read(file))
                .isInstanceOf(InvalidEncryptionConfigException.class)
                .hasMessageContaining("invalid encryption provider configuration " + file)
                .hasMessageContaining("expected apiVersion apiserver.config.k8s.io/v1 and kind EncryptionConfiguration");
        assertThatThrownBy(() -> EncryptionConfiguration.read(dir.resolve("missing.yaml")))
                .hasMessageContaining("cannot read the file");
    }
}
