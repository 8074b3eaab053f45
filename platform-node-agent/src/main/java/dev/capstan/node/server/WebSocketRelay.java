package dev.capstan.node.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Joins a client's WebSocket to one opened to containerd's stream server, message for message. The backend is
 * connected first, so a refused backend fails the request before the client is upgraded. When the client
 * speaks v5 and the backend v4, v5's stream-close messages are dropped: a v4 server has no way to hear them.
 */
final class WebSocketRelay {

    static final int MAX_MESSAGE = 1 << 20;

    private WebSocketRelay() {
    }

    static Mono<Void> relay(HttpServerResponse response, String backendUrl, String clientProtocol,
                            String backendProtocol) {
        boolean dropCloseSignals = StreamProtocols.V5.equals(clientProtocol)
                && !StreamProtocols.V5.equals(backendProtocol);
        WebsocketClientSpec.Builder client = WebsocketClientSpec.builder().maxFramePayloadLength(MAX_MESSAGE);
        if (!backendProtocol.isEmpty()) {
            client.protocols(backendProtocol);
        }
        WebsocketServerSpec.Builder server = WebsocketServerSpec.builder().maxFramePayloadLength(MAX_MESSAGE);
        if (!clientProtocol.isEmpty()) {
            server.protocols(clientProtocol);
        }
        return HttpClient.create()
                .websocket(client.build())
                .uri(backendUrl.replaceFirst("^http", "ws"))
                .handle((backendIn, backendOut) -> {
                    // sendWebsocket completes at the handshake; the backend stays open until the relay ends
                    Sinks.Empty<Void> done = Sinks.empty();
                    return response.sendWebsocket((clientIn, clientOut) ->
                                    join(clientIn, clientOut, backendIn, backendOut, dropCloseSignals)
                                            .doFinally(signal -> done.tryEmitEmpty()),
                                    server.build())
                            .then(done.asMono());
                })
                .then();
    }

    private static Mono<Void> join(WebsocketInbound clientIn, WebsocketOutbound clientOut,
                                   WebsocketInbound backendIn, WebsocketOutbound backendOut,
                                   boolean dropCloseSignals) {
        DetachedInbound<WebSocketFrame> fromClient = new DetachedInbound<>(
                copies(clientIn.aggregateFrames(MAX_MESSAGE).receiveFrames())
                        .filter(frame -> !(dropCloseSignals && isCloseSignal(frame))));
        // sending to the backend stops once it has closed, while its last messages (the exit status) may still
        // be on their way to the client: the session ends when the backend's messages have all been passed on,
        // or when the client goes away, never because a send to the backend stopped
        Mono<Void> up = backendOut.sendObject(fromClient.messages()).then().onErrorResume(e -> Mono.empty())
                .then(Mono.never());
        // containerd closes without a status code, which a client reads as 1005 and kubectl as a failure: the
        // client is closed with 1000 (normal closure) instead
        Mono<Void> down = clientOut.sendObject(copies(backendIn.aggregateFrames(MAX_MESSAGE).receiveFrames()))
                .then().onErrorResume(e -> Mono.empty())
                .then(clientOut.sendClose(1000, "").onErrorResume(e -> Mono.empty()));
        return Mono.firstWithSignal(down, fromClient.reading(), up).onErrorResume(e -> Mono.empty());
    }

    /** Data messages, copied out of the inbound buffers (which Reactor Netty releases after delivery). */
    private static Flux<WebSocketFrame> copies(Flux<WebSocketFrame> frames) {
        return frames.filter(f -> f instanceof BinaryWebSocketFrame || f instanceof TextWebSocketFrame)
                .map(f -> f instanceof TextWebSocketFrame
                        ? new TextWebSocketFrame(Unpooled.copiedBuffer(f.content()))
                        : new BinaryWebSocketFrame(Unpooled.copiedBuffer(f.content())));
    }

    private static boolean isCloseSignal(WebSocketFrame frame) {
        return frame.content().readableBytes() >= 1
                && frame.content().getByte(frame.content().readerIndex()) == StreamProtocols.CLOSE_SIGNAL;
    }

    static Publisher<Void> error(HttpServerResponse response, int status, String message) {
        return response.status(status).header("Content-Type", "text/plain; charset=utf-8").sendString(Mono.just(message));
    }
}
