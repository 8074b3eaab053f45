package dev.capstan.node.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OciImageLayoutTest {

    @Test
    void tarballUnpacksToAnImageLayoutWhoseBlobsAreNamedByTheirDigest(@TempDir Path dir) throws Exception {
        byte[] layer = new TarWriter(0).directory("etc", 0755).file("etc/motd", 0644, "hi\n".getBytes()).finish();
        OciImage first = new OciImageBuilder().layer(layer).cmd("true").build("first", "1");
        OciImage second = new OciImageBuilder().layer(layer).cmd("false").build("second", "2");
        Path tarball = dir.resolve("images.tar");

        OciImageLayout.write(tarball, "example.local", List.of(first, second));

        Path layout = Files.createDirectory(dir.resolve("layout"));
        assertThat(new ProcessBuilder("tar", "-xf", tarball.toString(), "-C", layout.toString())
                .inheritIO().start().waitFor()).isZero();
        assertThat(layout.resolve("oci-layout")).content().isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        JsonNode index = JsonMapper.shared().readTree(layout.resolve("index.json").toFile());
        assertThat(index.get("mediaType").asString()).isEqualTo(OciMediaTypes.INDEX);
        assertThat(index.get("manifests")).hasSize(2);
        JsonNode descriptor = index.get("manifests").get(1);
        assertThat(descriptor.get("digest").asString()).isEqualTo(second.manifestDigest());
        assertThat(descriptor.get("annotations").get(OciImageLayout.CONTAINERD_IMAGE_NAME).asString())
                .isEqualTo("example.local/second:2");
        assertThat(descriptor.get("annotations").get(OciImageLayout.REF_NAME).asString()).isEqualTo("2");
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            List<Path> files = blobs.toList();
            // two manifests, two configs, one shared layer
            assertThat(files).hasSize(5);
            for (Path blob : files) {
                assertThat(Digests.sha256(Files.readAllBytes(blob))).isEqualTo("sha256:" + blob.getFileName());
            }
        }
    }
}
