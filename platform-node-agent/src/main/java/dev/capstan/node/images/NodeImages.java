package dev.capstan.node.images;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The images every Capstan node provides itself, built from the host's static busybox: {@code busybox:latest} (a
 * shell and the usual tools) and {@code pause:3.9} (the pod sandbox). Containerd pulls them as
 * {@code capstan.local/<name>:<tag>} from the agent's {@link LocalImageRegistry}, so a node needs no outside registry.
 */
public final class NodeImages {

    /** The registry host containerd is told to mirror to the agent's local registry. */
    public static final String REGISTRY_HOST = "capstan.local";
    public static final Path DEFAULT_BUSYBOX = Path.of("/bin/busybox");

    public static final String BUSYBOX_REPOSITORY = "busybox";
    public static final String BUSYBOX_TAG = "latest";
    public static final String PAUSE_REPOSITORY = "pause";
    public static final String PAUSE_TAG = "3.9";

    /** {@code capstan.local/busybox:latest} */
    public static final String BUSYBOX_IMAGE = REGISTRY_HOST + "/" + BUSYBOX_REPOSITORY + ":" + BUSYBOX_TAG;
    /** {@code capstan.local/pause:3.9}, containerd's CRI {@code sandbox_image}. */
    public static final String PAUSE_IMAGE = REGISTRY_HOST + "/" + PAUSE_REPOSITORY + ":" + PAUSE_TAG;

    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * The pause process as a busybox shell script. A sandbox's PID 1 must (1) live until the pod is stopped, (2) exit
     * on SIGTERM/SIGINT, which the kernel does not deliver to a namespace's PID 1 without a handler, hence the trap,
     * and (3) reap orphans when the pod shares one PID namespace: ash's {@code wait} collects any exited child.
     * {@code sleep & wait} rather than a bare {@code sleep} because a shell runs traps only between commands, and
     * {@code wait} returns at once when a trapped signal arrives.
     */
    static final String PAUSE_SCRIPT = "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait; done";

    private NodeImages() {
    }

    /** Builds both images from the static busybox at {@code busybox}; they share their one layer. */
    public static List<OciImage> build(Path busybox) {
        byte[] rootfs = BusyboxRootfs.layer(busybox);
        OciImage shell = new OciImageBuilder()
                .layer(rootfs)
                .env(PATH)
                .cmd("sh")
                .build(BUSYBOX_REPOSITORY, BUSYBOX_TAG);
        OciImage pause = new OciImageBuilder()
                .layer(rootfs)
                .env(PATH)
                .entrypoint("/bin/sh", "-c", PAUSE_SCRIPT)
                .build(PAUSE_REPOSITORY, PAUSE_TAG);
        return List.of(shell, pause);
    }

    /**
     * The build step: writes both images as one OCI image-layout tarball.
     * Usage: {@code NodeImages <output.tar> [busybox binary, default /bin/busybox]}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: NodeImages <output.tar> [busybox binary]");
            System.exit(2);
        }
        Path busybox = args.length == 2 ? Path.of(args[1]) : DEFAULT_BUSYBOX;
        List<OciImage> images = build(busybox);
        OciImageLayout.write(Path.of(args[0]), REGISTRY_HOST, images);
        images.forEach(image -> System.out.println(image.reference(REGISTRY_HOST) + " " + image.manifestDigest()));
    }
}
