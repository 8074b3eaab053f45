package dev.capstan.node.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@EnabledIf("busyboxInstalled")
class NodeImagesTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    private static List<OciImage> images;

    static boolean busyboxInstalled() {
        return Files.isExecutable(NodeImages.DEFAULT_BUSYBOX);
    }

    @BeforeAll
    static void build() {
        images = NodeImages.build(NodeImages.DEFAULT_BUSYBOX);
    }

    @Test
    void manifestNamesItsConfigAndGzippedLayerByDigestAndSize() {
        OciImage busybox = images.get(0);
        JsonNode manifest = JSON.readTree(busybox.manifest());

        assertThat(manifest.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(manifest.get("mediaType").asString()).isEqualTo(OciMediaTypes.MANIFEST);
        JsonNode config = manifest.get("config");
        assertThat(config.get("mediaType").asString()).isEqualTo(OciMediaTypes.CONFIG);
        assertThat(busybox.blob(config.get("digest").asString())).get()
                .satisfies(blob -> assertThat(blob).hasSize(config.get("size").asInt()));
        JsonNode layer = manifest.get("layers").get(0);
        assertThat(layer.get("mediaType").asString()).isEqualTo(OciMediaTypes.LAYER_TAR_GZIP);
        assertThat(busybox.blob(layer.get("digest").asString())).get()
                .satisfies(blob -> assertThat(Digests.sha256(blob)).isEqualTo(layer.get("digest").asString()));
        assertThat(busybox.manifestDigest()).isEqualTo(Digests.sha256(busybox.manifest()));
    }

    @Test
    void configDiffIdIsTheDigestOfTheUncompressedLayer() throws IOException {
        OciImage busybox = images.get(0);
        JsonNode manifest = JSON.readTree(busybox.manifest());
        JsonNode config = JSON.readTree(busybox.blob(manifest.get("config").get("digest").asString()).orElseThrow());

        byte[] layer = gunzip(busybox.blob(manifest.get("layers").get(0).get("digest").asString()).orElseThrow());

        assertThat(config.get("rootfs").get("type").asString()).isEqualTo("layers");
        assertThat(config.get("rootfs").get("diff_ids").get(0).asString()).isEqualTo(Digests.sha256(layer));
        assertThat(config.get("os").asString()).isEqualTo("linux");
    }

    @Test
    void busyboxRunsAShellAndPauseRunsTheSignalHandlingLoop() {
        assertThat(runConfig(images.get(0)).get("Cmd").toString()).isEqualTo("[\"sh\"]");
        assertThat(runConfig(images.get(0)).get("Env").get(0).asString()).startsWith("PATH=").contains("/bin");
        assertThat(runConfig(images.get(1)).get("Entrypoint").get(0).asString()).isEqualTo("/bin/sh");
        assertThat(runConfig(images.get(1)).get("Entrypoint").get(2).asString()).contains("trap 'exit 0' TERM");
        assertThat(images).extracting(i -> i.reference(NodeImages.REGISTRY_HOST))
                .containsExactly(NodeImages.BUSYBOX_IMAGE, NodeImages.PAUSE_IMAGE);
    }

    @Test
    void buildingAgainGivesTheSameDigests() {
        List<OciImage> again = NodeImages.build(NodeImages.DEFAULT_BUSYBOX);

        assertThat(again).extracting(OciImage::manifestDigest)
                .containsExactlyElementsOf(images.stream().map(OciImage::manifestDigest).toList());
    }

    @Test
    void layerUnpacksWithTarToARootfsWithBusyboxAppletsUsersAndTmp(@TempDir Path dir) throws Exception {
        OciImage busybox = images.get(0);
        String layerDigest = JSON.readTree(busybox.manifest()).get("layers").get(0).get("digest").asString();
        Path layer = dir.resolve("layer.tar.gz");
        Files.write(layer, busybox.blob(layerDigest).orElseThrow());
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));

        Process tar = new ProcessBuilder("tar", "-xzpf", layer.toString(), "-C", rootfs.toString())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();

        assertThat(rootfs.resolve("bin/busybox")).isExecutable();
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/["))).isEqualTo(Path.of("busybox"));
        assertThat(rootfs.resolve("etc/passwd")).content()
                .contains("root:x:0:0:root:/root:/bin/sh").contains("nobody:x:65534:65534:");
        assertThat(rootfs.resolve("etc/group")).content().contains("root:x:0:").contains("nobody:x:65534:");
        assertThat(Files.getLastModifiedTime(rootfs.resolve("etc/passwd")).toMillis())
                .isEqualTo(BusyboxRootfs.MTIME * 1000);
        // the sticky bit, which Java's file attributes do not show
        Process stat = new ProcessBuilder("stat", "-c", "%A", rootfs.resolve("tmp").toString()).start();
        assertThat(new String(stat.getInputStream().readAllBytes()).strip()).isEqualTo("drwxrwxrwt");
    }

    private static JsonNode runConfig(OciImage image) {
        JsonNode manifest = JSON.readTree(image.manifest());
        return JSON.readTree(image.blob(manifest.get("config").get("digest").asString()).orElseThrow()).get("config");
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
