package dev.capstan.node.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * The status line and headers a backend sends before switching protocols, split off the raw byte stream that
 * follows them. {@link #split} emits one {@code UpgradeResponseHead} and then the bytes after it, as they come.
 */
record UpgradeResponseHead(int status, String text) {

    static Flux<Object> split(Flux<byte[]> raw) {
        return Flux.defer(() -> {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            boolean[] seen = {false};
            return raw.concatMapIterable(chunk -> {
                List<Object> out = new ArrayList<>(2);
                if (seen[0]) {
                    out.add(chunk);
                    return out;
                }
                head.writeBytes(chunk);
                byte[] sofar = head.toByteArray();
                int end = indexOf(sofar, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (end >= 0) {
                    seen[0] = true;
                    String text = new String(sofar, 0, end, StandardCharsets.ISO_8859_1);
                    out.add(new UpgradeResponseHead(statusOf(text), text));
                    if (sofar.length > end + 4) {
                        out.add(Arrays.copyOfRange(sofar, end + 4, sofar.length));
                    }
                }
                return out;
            });
        });
    }

    private static int statusOf(String text) {
        String[] parts = text.split(" ", 3);
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 502;
        } catch (NumberFormatException e) {
            return 502;
        }
    }

    private static int indexOf(byte[] data, byte[] token) {
        outer:
        for (int i = 0; i + token.length <= data.length; i++) {
            for (int j = 0; j < token.length; j++) {
                if (data[i + j] != token[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
