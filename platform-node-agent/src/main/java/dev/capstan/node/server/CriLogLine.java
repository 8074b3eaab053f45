package dev.capstan.node.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line of a CRI container log file: {@code <RFC3339Nano> <stdout|stderr> <P|F>[:more tags] <text>}. A
 * {@code P} (partial) line is a piece of a longer line that continues on the next file line.
 */
record CriLogLine(Instant time, String stream, boolean partial, byte[] text) {

    /** Upstream's kubelet prints timestamps with a fixed nine-digit fraction (timeFormatOut). */
    private static final DateTimeFormatter OUT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

    /** Parses one file line without its newline; null for a line that is not in the CRI format. */
    static CriLogLine parse(byte[] line, int length) {
        int first = indexOf(line, 0, length);
        int second = first < 0 ? -1 : indexOf(line, first + 1, length);
        if (second < 0) {
            return null;
        }
        int third = indexOf(line, second + 1, length);
        int tagEnd = third < 0 ? length : third;
        try {
            Instant time = Instant.parse(new String(line, 0, first, StandardCharsets.US_ASCII));
            String stream = new String(line, first + 1, second - first - 1, StandardCharsets.US_ASCII);
            boolean partial = tagEnd > second + 1 && line[second + 1] == 'P';
            int textStart = third < 0 ? length : third + 1;
            byte[] text = java.util.Arrays.copyOfRange(line, textStart, length);
            return new CriLogLine(time, stream, partial, text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String formatTimestamp(Instant time) {
        return OUT.format(time);
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}
