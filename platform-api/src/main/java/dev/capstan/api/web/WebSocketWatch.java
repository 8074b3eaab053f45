package dev.capstan.api.web;

import java.nio.charset.StandardCharsets;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Watches over WebSocket, as upstream serves them to clients that upgrade the watch request (the Fabric8 client
 * does): one text message per watch event, the same JSON as a line of the chunked stream. The watch ends when
 * either side closes.
 */
final class WebSocketWatch {

    private static final HandshakeWebSocketService HANDSHAKE = new HandshakeWebSocketService();

    private WebSocketWatch() {
    }

    static boolean isUpgrade(ServerRequest request) {
        return "websocket".equalsIgnoreCase(request.headers().firstHeader("Upgrade"));
    }

    static Mono<ServerResponse> serve(ServerRequest request, Flux<byte[]> events) {
        WebSocketHandler handler = session -> {
            Mono<Void> send = session.send(events.map(bytes ->
                    session.textMessage(new String(bytes, 0, trimmedLength(bytes), StandardCharsets.UTF_8))));
            // the client's close (or any message) ends the watch
            Mono<Void> closed = session.receive().then();
            return Mono.firstWithSignal(send, closed).then(session.close());
        };
        // the handshake writes the 101 response itself: there is no ServerResponse to render afterwards
        return HANDSHAKE.handleRequest(request.exchange(), handler).then(Mono.empty());
    }

    /** Events end with a newline for the chunked stream; a WebSocket message carries the JSON alone. */
    private static int trimmedLength(byte[] bytes) {
        return bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
    }
}
