package dev.capstan.node.images;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar archive in memory: directories, regular files and symbolic links, all owned by 0:0 with one
 * fixed modification time so that the same inputs always give the same bytes (and so the same layer digest).
 *
 * <p>Written by hand because the JDK has no tar support and a layer needs only these three entry types; names are
 * limited to ustar's 100 bytes (the prefix field is not used). Not thread-safe.
 */
final class TarWriter {

    private static final int BLOCK = 512;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long mtimeEpochSeconds;
    private boolean finished;

    /** @param mtimeEpochSeconds the modification time written into every entry */
    TarWriter(long mtimeEpochSeconds) {
        this.mtimeEpochSeconds = mtimeEpochSeconds;
    }

    /** Adds a directory; {@code path} is relative ("tmp"), a trailing slash is added. */
    TarWriter directory(String path, int mode) {
        header(path.endsWith("/") ? path : path + "/", mode, 0, '5', "");
        return this;
    }

    /** Adds a regular file with the given content. */
    TarWriter file(String path, int mode, byte[] content) {
        header(path, mode, content.length, '0', "");
        out.writeBytes(content);
        pad(content.length);
        return this;
    }

    /** Adds a symbolic link {@code path -> target}. */
    TarWriter symlink(String path, String target) {
        header(path, 0777, 0, '2', target);
        return this;
    }

    /** Ends the archive (two zero blocks) and returns its bytes; the writer cannot be used afterwards. */
    byte[] finish() {
        if (!finished) {
            out.writeBytes(new byte[2 * BLOCK]);
            finished = true;
        }
        return out.toByteArray();
    }

    private void header(String name, int mode, long size, char type, String linkName) {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, name);
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0); // uid
        octal(header, 116, 8, 0); // gid
        octal(header, 124, 12, size);
        octal(header, 136, 12, mtimeEpochSeconds);
        header[156] = (byte) type;
        put(header, 157, 100, linkName);
        put(header, 257, 6, "ustar"); // magic "ustar\0"
        put(header, 263, 2, "00");
        put(header, 265, 32, "root");
        put(header, 297, 32, "root");
        // The checksum is computed with its own field read as eight spaces.
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        String sum = String.format("%06o", checksum);
        put(header, 148, 6, sum);
        header[154] = 0;
        header[155] = ' ';
        out.writeBytes(header);
    }

    private void pad(long size) {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.writeBytes(new byte[BLOCK - rest]);
        }
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new IllegalArgumentException("'" + value + "' does not fit in a ustar field of " + length + " bytes");
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    /** Zero-padded octal with a trailing NUL, as ustar numeric fields are. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        int width = length - 1;
        if (digits.length() > width) {
            throw new IllegalArgumentException(value + " does not fit in a ustar field of " + length + " bytes");
        }
        put(header, offset, width, "0".repeat(width - digits.length()) + digits);
    }
}
