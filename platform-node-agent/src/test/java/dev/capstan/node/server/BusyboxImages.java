package dev.capstan.node.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Test images without a registry: one layer holding /bin/busybox (busybox-static) and its applet links, as
 * OCI image layouts that {@code ctr images import} loads. The pause image is the same layer running a shell
 * that sleeps until it is told to stop.
 */
final class BusyboxImages {

    static final String BUSYBOX = "capstan.local/busybox:test";
    static final String PAUSE = "capstan.local/pause:3.9";
    private static final List<String> APPLETS = List.of("sh", "cat", "sleep", "echo", "nc", "httpd", "wget",
            "hostname", "ls", "true", "false", "printf", "seq", "head", "tar", "mkdir", "rm");

    private BusyboxImages() {
    }

    /** Writes an OCI layout tarball for {@code reference} under {@code dir} and returns its path. */
    static Path build(Path dir, String reference, List<String> entrypoint, List<String> cmd)
            throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("rootfs-" + Math.abs(reference.hashCode())));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("tmp"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (String applet : APPLETS) {
            Path link = bin.resolve(applet);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of("busybox"));
        }
        Path layout = Files.createDirectories(dir.resolve("layout-" + Math.abs(reference.hashCode())));
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        Path layerTar = dir.resolve("layer.tar");
        run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", root.toString(), "-cf",
                layerTar.toString(), "bin", "etc", "tmp"));
        byte[] layer = Files.readAllBytes(layerTar);
        String layerDigest = put(blobs, layer);
        String config = """
                {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Entrypoint":%s,"Cmd":%s},\
                "rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}""".formatted(json(entrypoint), json(cmd), layerDigest);
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configDigest = put(blobs, configBytes);
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
                "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%d}]}"""
                .formatted(configDigest, configBytes.length, layerDigest, layer.length);
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        String manifestDigest = put(blobs, manifestBytes);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), """
                {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",\
                "digest":"sha256:%s","size":%d,"annotations":{"io.containerd.image.name":"%s",\
                "org.opencontainers.image.ref.name":"%s"}}]}"""
                .formatted(manifestDigest, manifestBytes.length, reference, reference.substring(reference.lastIndexOf(':') + 1)));
        Path tarball = dir.resolve("image-" + Math.abs(reference.hashCode()) + ".tar");
        run(List.of("tar", "-C", layout.toString(), "-cf", tarball.toString(), "oci-layout", "index.json", "blobs"));
        return tarball;
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed: " + out);
        }
    }

    private static String put(Path blobs, byte[] content) throws IOException {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            Files.write(blobs.resolve(digest), content);
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(List<String> values) {
        if (values == null) {
            return "null";
        }
        return values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
