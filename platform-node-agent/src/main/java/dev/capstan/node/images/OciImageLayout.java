package dev.capstan.node.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes images as one OCI image-layout tarball ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/<hex>}),
 * the form {@code ctr import}, skopeo ({@code oci-archive:}) and registries' import tools read.
 *
 * <p>Each manifest in {@code index.json} is annotated with {@code org.opencontainers.image.ref.name} = its tag (the
 * image-layout convention) and {@code io.containerd.image.name} = its full reference (what containerd names the
 * image on import). Blobs shared between images are stored once.
 */
public final class OciImageLayout {

    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";

    private static final JsonMapper JSON = JsonMapper.shared();

    private OciImageLayout() {
    }

    /**
     * Writes {@code images} to the tarball {@code target}, replacing it atomically if it exists.
     *
     * @param registryHost the registry host part of the full names in {@code io.containerd.image.name}
     */
    public static void write(Path target, String registryHost, List<OciImage> images) throws IOException {
        TarWriter tar = new TarWriter(BusyboxRootfs.MTIME)
                .file("oci-layout", 0644, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8))
                .file("index.json", 0644, index(registryHost, images))
                .directory("blobs", 0755)
                .directory("blobs/sha256", 0755);
        Set<String> written = new LinkedHashSet<>();
        for (OciImage image : images) {
            if (written.add(image.manifestDigest())) {
                tar.file("blobs/sha256/" + Digests.hex(image.manifestDigest()), 0644, image.manifest());
            }
            for (Map.Entry<String, byte[]> blob : image.blobs().entrySet()) {
                if (written.add(blob.getKey())) {
                    tar.file("blobs/sha256/" + Digests.hex(blob.getKey()), 0644, blob.getValue());
                }
            }
        }
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, target.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, tar.finish());
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] index(String registryHost, List<OciImage> images) {
        List<Object> manifests = new ArrayList<>();
        for (OciImage image : images) {
            Map<String, Object> descriptor = OciImageBuilder.descriptor(OciMediaTypes.MANIFEST, image.manifest());
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(CONTAINERD_IMAGE_NAME, image.reference(registryHost));
            annotations.put(REF_NAME, image.tag());
            descriptor.put("annotations", annotations);
            manifests.add(descriptor);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OciMediaTypes.INDEX);
        index.put("manifests", manifests);
        return JSON.writeValueAsBytes(index);
    }
}
