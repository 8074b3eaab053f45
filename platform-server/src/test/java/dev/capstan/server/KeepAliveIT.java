package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/1.1 keep-alive as clients use it: requests sent back to back, or pipelined before the previous answer, on
 * one connection are all answered, in order. A request arriving while the previous response was still
 * terminating once stopped the server reading that connection for good (reactor-netty#4361): the next request
 * was never answered, which kubectl, Helm and Fabric8 saw as a hang until their own timeout.
 */
class KeepAliveIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.scheduler.enabled=false",
            "--capstan.controllers.enabled=false");

    private static final String LIST = "GET /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: capstan\r\n\r\n";
    // refused from the query alone, before the body is read: answered on the event loop, synchronously
    private static final String REFUSED_POST = "POST /api/v1/namespaces/default/configmaps?dryRun=Maybe HTTP/1.1\r\n"
            + "Host: capstan\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{\"metadata\":{\"name\":\"x\"}}\r\n";
    private static final String VERSION = "GET /version HTTP/1.1\r\nHost: capstan\r\n\r\n";

    @Test
    void pipelinedAndBackToBackRequestsOnOneConnectionAreAllAnswered() throws Exception {
        try (SSLSocket socket = (SSLSocket) AdminTls.context(SERVER.dataDir()).getSocketFactory()
                .createSocket("127.0.0.1", SERVER.port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int round = 0; round < 30; round++) {
                // two requests in one write: the second is queued while the first is in flight
                out.write((LIST + REFUSED_POST).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(statusOf(in, "round " + round + " list")).isEqualTo(200);
                assertThat(statusOf(in, "round " + round + " refused POST")).isEqualTo(400);
                // then one more on the same connection once both are answered
                out.write(VERSION.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(statusOf(in, "round " + round + " version")).isEqualTo(200);
            }
        }
    }

    /** Reads one response (Content-Length or chunked body) and returns its status code. */
    private static int statusOf(InputStream in, String what) throws IOException {
        String statusLine;
        try {
            statusLine = line(in);
        } catch (SocketTimeoutException e) {
            throw new AssertionError(what + ": no answer within 15 s on a keep-alive connection", e);
        }
        int contentLength = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                in.readNBytes(size);
                line(in);
            }
            line(in);
        } else if (contentLength > 0) {
            in.readNBytes(contentLength);
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
