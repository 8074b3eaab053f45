package dev.capstan.api.proxy;

import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.web.Responses;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Relays a client's WebSocket (kubectl exec/attach, or port-forward's SPDY tunnel) to the kubelet message for
 * message. The kubelet is dialled first with the subprotocols the client offered; the client is then upgraded
 * with the one the kubelet chose, so the two ends agree without the API server knowing the protocols.
 */
final class WebSocketProxy {

    private static final Logger log = LoggerFactory.getLogger(WebSocketProxy.class);
    private static final HandshakeWebSocketService HANDSHAKE = new HandshakeWebSocketService(
            new ReactorNettyRequestUpgradeStrategy(
                    () -> WebsocketServerSpec.builder().maxFramePayloadLength(KubeletClients.MAX_MESSAGE)));

    private final KubeletClients clients;

    WebSocketProxy(KubeletClients clients) {
        this.clients = clients;
    }

    static boolean isUpgrade(ServerRequest request) {
        return "websocket".equalsIgnoreCase(request.headers().firstHeader("Upgrade"));
    }

    Mono<ServerResponse> relay(ServerRequest request, URI kubelet) {
        List<String> offered = request.headers().header("Sec-WebSocket-Protocol").stream()
                .flatMap(h -> Arrays.stream(h.split(","))).map(String::trim).filter(s -> !s.isEmpty()).toList();
        AtomicBoolean upgraded = new AtomicBoolean();
        WebSocketHandler toKubelet = new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return offered;
            }

            @Override
            public Mono<Void> handle(WebSocketSession backend) {
                String protocol = backend.getHandshakeInfo().getSubProtocol();
                Sinks.Empty<Void> done = Sinks.empty();
                upgraded.set(true);
                // the upgrade completes at the handshake; the kubelet side stays open until the relay ends
                return HANDSHAKE.handleRequest(request.exchange(), join(backend, protocol, done))
                        .then(done.asMono());
            }
        };
        return clients.webSocket.execute(kubelet, new HttpHeaders(), toKubelet)
                .then(Mono.<ServerResponse>empty())
                .onErrorResume(e -> {
                    log.info("event=stream_relay_failed uri={} error={}", kubelet, e.toString());
                    return upgraded.get() ? Mono.empty() : Responses.error(KubeletErrors.dial(e));
                });
    }

    private static WebSocketHandler join(WebSocketSession backend, String protocol, Sinks.Empty<Void> done) {
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return protocol == null ? List.of() : List.of(protocol);
            }

            @Override
            public Mono<Void> handle(WebSocketSession client) {
                // pings and pongs are per hop (each side answers its own); data messages cross.
                // The client's messages are read through a buffer of their own: a send to a kubelet that has
                // closed cancels its source, and Reactor Netty answers a cancelled inbound with a close frame
                // without a code (1005), which kubectl reports instead of the exit status
                Sinks.Many<WebSocketMessage> fromClient = Sinks.many().unicast().onBackpressureBuffer();
                Mono<Void> clientReading = client.receive().filter(WebSocketProxy::isData)
                        .doOnNext(m -> fromClient.tryEmitNext(copy(m, backend)))
                        .doOnTerminate(fromClient::tryEmitComplete).then();
                Mono<Void> up = backend.send(fromClient.asFlux()).onErrorResume(e -> Mono.empty())
                        .then(Mono.never());
                // the relay ends when the kubelet's messages (the exit status last) have all been passed on, or
                // when the client goes away; kubectl takes any close but 1000 (normal closure) for a failure
                Mono<Void> down = client.send(backend.receive().filter(WebSocketProxy::isData)
                        .map(m -> copy(m, client))).onErrorResume(e -> Mono.empty())
                        .then(client.close(CloseStatus.NORMAL).onErrorResume(e -> Mono.empty()));
                return Mono.firstWithSignal(down, clientReading, up).onErrorResume(e -> Mono.empty())
                        .doFinally(signal -> done.tryEmitEmpty());
            }
        };
    }

    /** A message for the other session, its bytes copied (the received buffer is released after delivery). */
    private static WebSocketMessage copy(WebSocketMessage message, WebSocketSession to) {
        byte[] bytes = new byte[message.getPayload().readableByteCount()];
        message.getPayload().read(bytes);
        return message.getType() == WebSocketMessage.Type.TEXT
                ? to.textMessage(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                : to.binaryMessage(f -> f.wrap(bytes));
    }

    private static boolean isData(WebSocketMessage message) {
        return message.getType() == WebSocketMessage.Type.BINARY || message.getType() == WebSocketMessage.Type.TEXT;
    }

    static Mono<ServerResponse> upgradeRequired() {
        return Responses.error(ApiErrors.badRequest(
                "Upgrade request required: this server serves exec, attach and port-forward over WebSocket only"));
    }
}
