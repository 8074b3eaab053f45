package dev.capstan.node.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.tcp.TcpClient;

/**
 * Port-forward as kubectl 1.31+ speaks it (KEP-4006): SPDY/3.1 carried in binary WebSocket messages. The
 * tunnel upgrades a plain connection to containerd's stream server to SPDY and then copies bytes both ways
 * without reading them, as upstream's API server does; the SPDY session is between kubectl and containerd.
 */
final class SpdyTunnel {

    private SpdyTunnel() {
    }

    static Mono<Void> open(HttpServerResponse response, String backendUrl) {
        URI uri = URI.create(backendUrl);
        String request = "POST " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Connection: Upgrade\r\n"
                + "Upgrade: SPDY/3.1\r\n"
                + "X-Stream-Protocol-Version: " + StreamProtocols.PORT_FORWARD + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        return TcpClient.create().host(uri.getHost()).port(uri.getPort()).connect()
                .flatMap(backend -> backend.outbound()
                        .sendByteArray(Mono.just(request.getBytes(StandardCharsets.ISO_8859_1))).then()
                        .thenMany(UpgradeResponseHead.split(backend.inbound().receive().asByteArray())
                                .switchOnFirst((first, rest) -> {
                                    if (!(first.get() instanceof UpgradeResponseHead head)) {
                                        return Mono.error(new IllegalStateException("backend closed before responding"));
                                    }
                                    if (head.status() != 101) {
                                        return Mono.from(WebSocketRelay.error(response, head.status(),
                                                "port-forward upgrade refused by the runtime: " + head.text()));
                                    }
                                    return tunnel(response, backend, rest.skip(1).cast(byte[].class));
                                }))
                        .then()
                        .doFinally(signal -> backend.dispose()));
    }

    private static Mono<Void> tunnel(HttpServerResponse response, Connection backend, Flux<byte[]> fromBackend) {
        Sinks.Empty<Void> done = Sinks.empty();
        WebsocketServerSpec spec = WebsocketServerSpec.builder()
                .protocols(StreamProtocols.SPDY_TUNNEL_PREFIX + StreamProtocols.PORT_FORWARD)
                .maxFramePayloadLength(WebSocketRelay.MAX_MESSAGE)
                .build();
        return response.sendWebsocket((clientIn, clientOut) -> {
            // message boundaries carry no meaning in the tunnel: it is a byte stream both ways
            // as in WebSocketRelay: the tunnel ends when the backend's bytes are all passed on or the client
            // goes away, not when a send to a backend that has closed fails
            DetachedInbound<byte[]> fromClient = new DetachedInbound<>(clientIn.receive().asByteArray());
            Mono<Void> up = backend.outbound().sendByteArray(fromClient.messages()).then()
                    .onErrorResume(e -> Mono.empty()).then(Mono.never());
            Mono<Void> down = clientOut.sendObject(fromBackend
                    .map(bytes -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)))).then()
                    .onErrorResume(e -> Mono.empty())
                    .then(clientOut.sendClose(1000, "").onErrorResume(e -> Mono.empty()));
            return Mono.firstWithSignal(down, fromClient.reading(), up).onErrorResume(e -> Mono.empty())
                    .doFinally(signal -> done.tryEmitEmpty());
        }, spec).then(done.asMono());
    }
}
