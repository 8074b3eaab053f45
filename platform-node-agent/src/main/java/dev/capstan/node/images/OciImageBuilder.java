package dev.capstan.node.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds an OCI image-spec v1 image from uncompressed layer tars and a few image-config fields.
 *
 * <p>Every output is deterministic: the layer is gzipped by {@link GZIPOutputStream}, whose header carries no time
 * or name; the config has no {@code created} time; JSON is written compactly with fields in a fixed order. The same
 * layer bytes and settings therefore give the same manifest digest on every node, so a pulled image is re-used.
 * Not thread-safe; one builder per image.
 */
public final class OciImageBuilder {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final List<byte[]> layers = new ArrayList<>();
    private final List<String> env = new ArrayList<>();
    private List<String> entrypoint = List.of();
    private List<String> cmd = List.of();
    private String workingDir = "";
    private String architecture = "amd64";

    /** Adds a layer, given as an uncompressed tar; layers apply in the order added. */
    public OciImageBuilder layer(byte[] uncompressedTar) {
        layers.add(uncompressedTar.clone());
        return this;
    }

    /** Adds a {@code NAME=value} environment entry. */
    public OciImageBuilder env(String nameEqualsValue) {
        env.add(nameEqualsValue);
        return this;
    }

    public OciImageBuilder entrypoint(String... args) {
        entrypoint = List.of(args);
        return this;
    }

    public OciImageBuilder cmd(String... args) {
        cmd = List.of(args);
        return this;
    }

    public OciImageBuilder workingDir(String dir) {
        workingDir = dir;
        return this;
    }

    /** The GOARCH name of the platform the layers are for; {@code amd64} unless set. */
    public OciImageBuilder architecture(String goArch) {
        architecture = goArch;
        return this;
    }

    /** Builds the image named {@code repository:tag}. */
    public OciImage build(String repository, String tag) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("an image needs at least one layer");
        }
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        List<Object> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (byte[] tar : layers) {
            // diff_ids name the uncompressed tar; the manifest names the compressed blob.
            diffIds.add(Digests.sha256(tar));
            byte[] gzipped = gzip(tar);
            layerDescriptors.add(descriptor(OciMediaTypes.LAYER_TAR_GZIP, gzipped));
            blobs.put(Digests.sha256(gzipped), gzipped);
        }
        byte[] config = JSON.writeValueAsBytes(config(diffIds));

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OciMediaTypes.MANIFEST);
        manifest.put("config", descriptor(OciMediaTypes.CONFIG, config));
        manifest.put("layers", layerDescriptors);

        Map<String, byte[]> configFirst = new LinkedHashMap<>();
        configFirst.put(Digests.sha256(config), config);
        configFirst.putAll(blobs);
        return new OciImage(repository, tag, JSON.writeValueAsBytes(manifest), configFirst);
    }

    private Map<String, Object> config(List<String> diffIds) {
        Map<String, Object> runConfig = new LinkedHashMap<>();
        if (!env.isEmpty()) {
            runConfig.put("Env", env);
        }
        if (!entrypoint.isEmpty()) {
            runConfig.put("Entrypoint", entrypoint);
        }
        if (!cmd.isEmpty()) {
            runConfig.put("Cmd", cmd);
        }
        if (!workingDir.isEmpty()) {
            runConfig.put("WorkingDir", workingDir);
        }
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", diffIds);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", architecture);
        config.put("os", "linux");
        config.put("config", runConfig);
        config.put("rootfs", rootfs);
        return config;
    }

    static Map<String, Object> descriptor(String mediaType, byte[] content) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", Digests.sha256(content));
        descriptor.put("size", content.length);
        return descriptor;
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
