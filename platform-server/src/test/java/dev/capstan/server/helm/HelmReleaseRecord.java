package dev.capstan.server.helm;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What Helm keeps in a release Secret ({@code sh.helm.release.v1.NAME.vN}, type {@code helm.sh/release.v1}):
 * its {@code release} key holds the release as JSON, gzipped and base64-encoded by Helm before the Secret's own
 * base64. Read back here to show that the Secret went through Capstan's store byte for byte.
 */
record HelmReleaseRecord(String name, int version, String status, String manifest) {

    @SuppressWarnings("unchecked")
    static HelmReleaseRecord of(Secret secret) {
        byte[] helmEncoded = Base64.getDecoder().decode(secret.getData().get("release"));
        byte[] gzipped = Base64.getDecoder().decode(new String(helmEncoded, StandardCharsets.US_ASCII));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            Map<String, Object> release = Serialization.unmarshal(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
            Map<String, Object> info = (Map<String, Object>) release.get("info");
            return new HelmReleaseRecord((String) release.get("name"), ((Number) release.get("version")).intValue(),
                    (String) info.get("status"), (String) release.get("manifest"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
