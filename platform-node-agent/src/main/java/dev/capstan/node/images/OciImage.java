package dev.capstan.node.images;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One built OCI image: its repository name and tag, its manifest and every blob the manifest references (the config
 * and the layers), all held in memory. Immutable.
 */
public final class OciImage {

    private final String repository;
    private final String tag;
    private final byte[] manifest;
    private final String manifestDigest;
    private final Map<String, byte[]> blobs;

    OciImage(String repository, String tag, byte[] manifest, Map<String, byte[]> blobs) {
        this.repository = Objects.requireNonNull(repository);
        this.tag = Objects.requireNonNull(tag);
        this.manifest = manifest.clone();
        this.manifestDigest = Digests.sha256(manifest);
        this.blobs = Collections.unmodifiableMap(new LinkedHashMap<>(blobs));
    }

    /** The repository name without a registry host, e.g. {@code busybox}. */
    public String repository() {
        return repository;
    }

    public String tag() {
        return tag;
    }

    /** The manifest bytes exactly as served and digested; media type {@link OciMediaTypes#MANIFEST}. */
    public byte[] manifest() {
        return manifest.clone();
    }

    /** {@code sha256:...} of {@link #manifest()}: the image's content address. */
    public String manifestDigest() {
        return manifestDigest;
    }

    /** The config and layer blobs by digest, config first. */
    public Map<String, byte[]> blobs() {
        return blobs;
    }

    /** The blob with this digest, if this image references it. */
    public Optional<byte[]> blob(String digest) {
        return Optional.ofNullable(blobs.get(digest));
    }

    /** {@code <registryHost>/<repository>:<tag>}, the name a pod spec uses. */
    public String reference(String registryHost) {
        return registryHost + "/" + repository + ":" + tag;
    }

    @Override
    public String toString() {
        return repository + ":" + tag + "@" + manifestDigest;
    }
}
