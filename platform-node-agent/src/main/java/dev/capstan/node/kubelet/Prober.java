package dev.capstan.node.kubelet;

import dev.capstan.node.cri.CriClient;
import dev.capstan.node.cri.CriException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Runs one probe once, as upstream's prober: {@code exec} through CRI ExecSync (success = exit 0),
 * {@code httpGet} from the node to the pod IP (success = 200..399), {@code tcpSocket} (success = the connection
 * opens), each within {@code timeoutSeconds}.
 */
public final class Prober {

    private final CriClient cri;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public Prober(CriClient cri) {
        this.cri = cri;
    }

    public record Result(boolean success, String message) {
    }

    public Result probe(Probe probe, Container container, String containerId, String podIp) {
        Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds());
        try {
            if (probe.getExec() != null) {
                List<String> command = probe.getExec().getCommand();
                var response = cri.execSync(containerId, command, timeout);
                String output = response.getStdout().toStringUtf8() + response.getStderr().toStringUtf8();
                return response.getExitCode() == 0 ? new Result(true, output)
                        : new Result(false, "command " + command + " exited with " + response.getExitCode() + ": " + output.trim());
            }
            if (probe.getHttpGet() != null) {
                var get = probe.getHttpGet();
                String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
                int port = port(get.getPort(), container);
                String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
                String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://" + host + ":" + port + path))
                        .timeout(timeout).header("User-Agent", "kube-probe/1.32").GET();
                if (get.getHttpHeaders() != null) {
                    for (HTTPHeader header : get.getHttpHeaders()) {
                        request.setHeader(header.getName(), header.getValue());
                    }
                }
                HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                int code = response.statusCode();
                return code >= 200 && code < 400 ? new Result(true, "")
                        : new Result(false, "HTTP probe failed with statuscode: " + code);
            }
            if (probe.getTcpSocket() != null) {
                String host = probe.getTcpSocket().getHost() == null ? podIp : probe.getTcpSocket().getHost();
                int port = port(probe.getTcpSocket().getPort(), container);
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                    return new Result(true, "");
                }
            }
            return new Result(true, "");
        } catch (CriException e) {
            return new Result(false, e.runtimeMessage());
        } catch (IOException e) {
            return new Result(false, probeError(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private static String probeError(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof java.net.http.HttpTimeoutException ? "Get: context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
                : message;
    }

    /** A named port resolves through the container's ports, as upstream. */
    static int port(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (container.getPorts() != null) {
            for (ContainerPort p : container.getPorts()) {
                if (name.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("couldn't find port: " + name);
        }
    }
}
