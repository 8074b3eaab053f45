package dev.capstan.node.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The root filesystem of a busybox image as one uncompressed layer tar: {@code /bin/busybox} (a static binary from the
 * host), a {@code /bin/<applet>} symlink for every applet it was built with, {@code /etc/passwd} and
 * {@code /etc/group} with root and nobody, {@code /root}, and a world-writable sticky {@code /tmp}.
 *
 * <p>{@code /etc/hostname}, {@code /etc/hosts} and {@code /etc/resolv.conf} are left out: the runtime bind-mounts
 * them into every container. All entries carry the same fixed mtime so the layer digest depends only on the busybox
 * binary.
 */
public final class BusyboxRootfs {

    /** 2000-01-01T00:00:00Z: fixed, and unlike 0 not mistaken for "unset" by tools that list the layer. */
    static final long MTIME = 946684800L;

    private static final Pattern APPLET_NAME = Pattern.compile("[A-Za-z0-9\\[][A-Za-z0-9._\\[\\]-]*");

    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/bin/false
            """;
    private static final String GROUP = """
            root:x:0:
            nobody:x:65534:
            """;

    private BusyboxRootfs() {
    }

    /**
     * Builds the layer from the static busybox at {@code busybox}, asking it for its applet list.
     *
     * @throws UncheckedIOException if the binary cannot be read or run
     */
    public static byte[] layer(Path busybox) {
        try {
            return layer(Files.readAllBytes(busybox), applets(busybox));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + busybox, e);
        }
    }

    /** Builds the layer from busybox's bytes and the applet names to link to it. */
    static byte[] layer(byte[] busybox, List<String> applets) {
        TarWriter tar = new TarWriter(MTIME)
                .directory("bin", 0755)
                .file("bin/busybox", 0755, busybox);
        // Sorted and de-duplicated so the layer does not depend on the order busybox prints them in.
        for (String applet : new TreeSet<>(applets)) {
            if (!applet.equals("busybox")) {
                tar.symlink("bin/" + applet, "busybox");
            }
        }
        return tar.directory("etc", 0755)
                .file("etc/passwd", 0644, PASSWD.getBytes(StandardCharsets.UTF_8))
                .file("etc/group", 0644, GROUP.getBytes(StandardCharsets.UTF_8))
                .directory("root", 0700)
                .directory("tmp", 01777)
                .finish();
    }

    /** The applets {@code busybox --list} names, one per line. */
    static List<String> applets(Path busybox) throws IOException {
        Process process = new ProcessBuilder(busybox.toString(), "--list")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out;
        try (var stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(busybox + " --list failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + busybox + " --list", e);
        }
        List<String> applets = out.lines().map(String::strip).filter(APPLET_NAME.asMatchPredicate()).toList();
        if (applets.isEmpty()) {
            throw new IOException(busybox + " --list named no applets; is it busybox?");
        }
        return applets;
    }
}
