package dev.capstan.api.proxy;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.web.Responses;
import java.net.URI;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/nodes/{name}/proxy/{path}}: the request passed to the node's kubelet at {@code /{path}} with
 * its method, query and body, and the kubelet's answer passed back (status, content type, body).
 */
final class NodeProxy {

    private final KubeletLocator locator;
    private final KubeletClients clients;

    NodeProxy(KubeletLocator locator, KubeletClients clients) {
        this.locator = locator;
        this.clients = clients;
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        String node = request.pathVariable("name");
        String prefix = "/api/v1/nodes/" + node + "/proxy";
        String raw = request.uri().getRawPath();
        String rest = raw.length() > prefix.length() ? raw.substring(prefix.length()) : "/";
        String query = request.uri().getRawQuery();
        return KubeletRoutes.blocking(() -> locator.kubelet(node).uri(rest + (query == null ? "" : "?" + query)))
                .flatMap(uri -> forward(request, uri))
                .onErrorResume(ApiException.class, Responses::error);
    }

    private Mono<ServerResponse> forward(ServerRequest request, URI uri) {
        return clients.http.method(request.method()).uri(uri)
                .headers(h -> request.headers().contentType().ifPresent(h::setContentType))
                .body(BodyInserters.fromDataBuffers(request.bodyToFlux(DataBuffer.class)))
                .exchangeToMono(response -> response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                        .flatMap(bytes -> ServerResponse.status(response.statusCode())
                                .headers(h -> copyContentType(response.headers().asHttpHeaders(), h))
                                .bodyValue(bytes)))
                .onErrorResume(e -> !(e instanceof ApiException), e -> Responses.error(KubeletErrors.dial(e)));
    }

    private static void copyContentType(HttpHeaders from, HttpHeaders to) {
        if (from.getContentType() != null) {
            to.setContentType(from.getContentType());
        }
    }
}
