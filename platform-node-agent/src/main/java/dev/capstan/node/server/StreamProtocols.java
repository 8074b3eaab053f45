package dev.capstan.node.server;

import java.util.List;
import java.util.Optional;

/**
 * The WebSocket subprotocols of the streaming endpoints, and what containerd 1.6's stream server (whose
 * vendored wsstream predates v5) is asked for in their place.
 */
final class StreamProtocols {

    /** kubectl 1.30+ offers only this for exec and attach: v4 plus a CLOSE signal (255, stream id). */
    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    /** KEP-4006: SPDY frames carried in binary WebSocket messages, for port-forward. */
    static final String SPDY_TUNNEL_PREFIX = "SPDY/3.1+";
    static final String PORT_FORWARD = "portforward.k8s.io";
    /** v5's stream-close message starts with this byte; v4 servers would take it for a channel. */
    static final byte CLOSE_SIGNAL = (byte) 255;

    /** exec/attach, in upstream's order of preference; the bare "channel.k8s.io" ones are v1-v3 framing. */
    private static final List<String> REMOTE_COMMAND = List.of(V5, V4, "v4.base64.channel.k8s.io",
            "channel.k8s.io", "base64.channel.k8s.io");

    private StreamProtocols() {
    }

    /** The client's first offered exec/attach protocol this server speaks; empty string when it offered none. */
    static Optional<String> remoteCommand(List<String> offered) {
        if (offered.isEmpty()) {
            return Optional.of("");
        }
        return offered.stream().filter(REMOTE_COMMAND::contains).findFirst();
    }

    /** What to ask containerd for: v5 clients are served by a v4 backend; the rest pass through as they are. */
    static String backendFor(String clientProtocol) {
        return V5.equals(clientProtocol) ? V4 : clientProtocol;
    }

    static List<String> offered(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static boolean isSpdyTunnel(List<String> offered) {
        return offered.contains(SPDY_TUNNEL_PREFIX + PORT_FORWARD);
    }
}
