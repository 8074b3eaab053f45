package dev.capstan.testkit.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OCI image-layout tarball read back into memory: {@code index.json} and every blob by digest. Reads the regular
 * files of a ustar archive only, which is all an image layout holds.
 */
public final class OciLayoutTarball {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Map<String, byte[]> files;

    private OciLayoutTarball(Map<String, byte[]> files) {
        this.files = files;
    }

    public static OciLayoutTarball read(Path tarball) throws IOException {
        return new OciLayoutTarball(regularFiles(Files.readAllBytes(tarball)));
    }

    /** The layout's index. */
    public JsonNode index() {
        return JSON.readTree(file("index.json"));
    }

    /** The manifest descriptor in the index whose {@code annotationKey} annotation is {@code value}. */
    public JsonNode manifestDescriptor(String annotationKey, String value) {
        for (JsonNode descriptor : index().get("manifests")) {
            JsonNode annotation = descriptor.path("annotations").path(annotationKey);
            if (annotation.isString() && annotation.asString().equals(value)) {
                return descriptor;
            }
        }
        throw new IllegalArgumentException("no manifest with " + annotationKey + "=" + value);
    }

    public byte[] blob(String digest) {
        return file("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    public byte[] file(String name) {
        byte[] content = files.get(name);
        if (content == null) {
            throw new IllegalArgumentException("no " + name + " in the layout, only " + files.keySet());
        }
        return content;
    }

    /** name -> content of the ustar regular files in {@code tar}. */
    public static Map<String, byte[]> regularFiles(byte[] tar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int offset = 0;
        while (offset + 512 <= tar.length && tar[offset] != 0) {
            String name = field(tar, offset, 100);
            long size = Long.parseLong(field(tar, offset + 124, 12).trim(), 8);
            char type = (char) tar[offset + 156];
            int data = offset + 512;
            if (type == '0' || type == 0) {
                byte[] content = new byte[(int) size];
                System.arraycopy(tar, data, content, 0, (int) size);
                files.put(name, content);
            }
            offset = data + (int) ((size + 511) / 512 * 512);
        }
        return files;
    }

    private static String field(byte[] tar, int offset, int length) {
        int end = offset;
        while (end < offset + length && tar[end] != 0) {
            end++;
        }
        return new String(tar, offset, end - offset, StandardCharsets.UTF_8);
    }
}
