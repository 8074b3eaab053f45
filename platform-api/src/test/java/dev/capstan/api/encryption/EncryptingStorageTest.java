package dev.capstan.api.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.builtin.BuiltInResources;
import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.StoreException;
import dev.capstan.store.WatchEvent;
import dev.capstan.store.WatchListener;
import dev.capstan.store.embedded.EmbeddedStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptingStorageTest {

    static final String SECRET = "/registry/secrets/default/s";
    static final String POD = "/registry/pods/default/p";
    static final byte[] VALUE = "{\"kind\":\"Secret\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    EmbeddedStorage raw;
    EncryptingStorage storage;

    static EncryptionConfiguration config(String providers) {
        return EncryptionConfiguration.parse("""
                apiVersion: apiserver.config.k8s.io/v1
                kind: EncryptionConfiguration
                resources:
                  - resources: [secrets]
                    providers: %s
                """.formatted(providers), new SecureRandom());
    }

    static String key(int seed) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) seed);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @BeforeEach
    void open() {
        raw = EmbeddedStorage.open(dir);
        storage = new EncryptingStorage(raw, config("[{aesgcm: {keys: [{name: a, secret: " + key(1) + "}]}}]"),
                BuiltInResources.definitions());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void encryptsOnlyTheConfiguredResourcesAndReadsThemBackEverywhere() throws Exception {
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        storage.watch("/registry/", storage.currentRevision(), new WatchListener() {
            public void onEvent(WatchEvent event) {
                events.add(event);
            }

            public void onError(StoreException error) {
            }
        });
        long created = storage.create(SECRET, VALUE);
        storage.create(POD, VALUE);

        assertThat(text(raw.get(SECRET).orElseThrow().value())).startsWith("k8s:enc:aesgcm:v1:a:");
        assertThat(raw.get(POD).orElseThrow().value()).isEqualTo(VALUE);
        assertThat(storage.get(SECRET).orElseThrow().value()).isEqualTo(VALUE);
        assertThat(storage.list("/registry/", ListOptions.firstPage(10)).items()).extracting(KeyValue::value)
                .containsExactly(VALUE, VALUE);
        assertThat(events.poll(10, TimeUnit.SECONDS).value().value()).isEqualTo(VALUE);

        byte[] changed = "{\"kind\":\"Secret\",\"v\":2}".getBytes(StandardCharsets.UTF_8);
        storage.update(SECRET, changed, created);
        assertThatThrownBy(() -> storage.update(SECRET, VALUE, created))
                .isInstanceOfSatisfying(RevisionConflictException.class,
                        e -> assertThat(e.current().value()).isEqualTo(changed));
    }

    @Test
    void aValueWrittenWithAnOtherThanTheFirstProviderNeedsARewrite() {
        storage.create(SECRET, VALUE);
        storage.create(POD, VALUE);
        assertThat(storage.rewriteNeeded(SECRET)).isFalse();
        EncryptingStorage rotated = new EncryptingStorage(raw, config("[{aescbc: {keys: [{name: b, secret: " + key(2)
                + "}]}}, {aesgcm: {keys: [{name: a, secret: " + key(1) + "}]}}]"), BuiltInResources.definitions());
        assertThat(rotated.get(SECRET).orElseThrow().value()).isEqualTo(VALUE);
        assertThat(rotated.rewriteNeeded(SECRET)).isTrue();
        assertThat(rotated.rewriteNeeded(POD)).isFalse();
        rotated.update(SECRET, VALUE, rotated.get(SECRET).orElseThrow().modRevision());
        assertThat(text(raw.get(SECRET).orElseThrow().value())).startsWith("k8s:enc:aescbc:v1:b:");
        assertThat(rotated.rewriteNeeded(SECRET)).isFalse();
    }

    @Test
    void plainValuesAreRefusedWithoutIdentity() {
        raw.create(SECRET, VALUE);
        assertThatThrownBy(() -> storage.get(SECRET)).isInstanceOf(TransformException.class)
                .hasMessage("unable to transform key \"" + SECRET + "\": no matching prefix found");
    }
}
