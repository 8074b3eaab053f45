package dev.capstan.node.images;

/** The OCI image-spec v1 media types the node agent's images are made of. */
public final class OciMediaTypes {

    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

    private OciMediaTypes() {
    }
}
