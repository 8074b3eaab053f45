package dev.capstan.api.proxy;

import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.web.Responses;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET pods/{name}/log}: upstream's LogLocation plus LocationStreamer. The kubelet's
 * {@code /containerLogs} response is streamed through as it comes (followed logs never end on their own); a
 * kubelet failure becomes a Status with the kubelet's text as its message.
 */
final class PodLogProxy {

    private final KubeletLocator locator;
    private final KubeletClients clients;

    PodLogProxy(KubeletLocator locator, KubeletClients clients) {
        this.locator = locator;
        this.clients = clients;
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        String namespace = request.pathVariable("namespace");
        String name = request.pathVariable("name");
        return KubeletRoutes.blocking(() -> {
            ObjectNode pod = locator.pod(namespace, name);
            String container = KubeletLocator.container(pod, request.queryParam("container").orElse(null), true);
            Optional<String> node = KubeletLocator.nodeName(pod);
            // upstream: a pod not yet on a node has no log location, and its log is empty
            return node.map(n -> locator.kubelet(n).uri(path(namespace, name, container, request)));
        }).flatMap(uri -> uri.isEmpty() ? ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).build()
                : stream(uri.get())).onErrorResume(ApiException.class, Responses::error);
    }

    private static String path(String namespace, String name, String container, ServerRequest request) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/containerLogs/{ns}/{pod}/{container}");
        for (String flag : new String[]{"follow", "previous", "timestamps"}) {
            if (request.queryParam(flag).map(v -> v.equals("true") || v.equals("1")).orElse(false)) {
                b.queryParam(flag, "true");
            }
        }
        for (String number : new String[]{"sinceSeconds", "tailLines", "limitBytes"}) {
            Optional<String> value = request.queryParam(number);
            if (value.isPresent()) {
                long n = parse(number, value.get());
                if (n < (number.equals("tailLines") ? 0 : 1)) {
                    throw ApiErrors.badRequest(number + ": Invalid value: " + n + ": must be greater than "
                            + (number.equals("tailLines") ? "or equal to 0" : "0"));
                }
                b.queryParam(number, n);
            }
        }
        request.queryParam("sinceTime").ifPresent(t -> b.queryParam("sinceTime", time(t)));
        return b.encode().buildAndExpand(namespace, name, container).toUriString();
    }

    private static String time(String value) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant().toString();
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiErrors.badRequest("sinceTime: Invalid value: \"" + value + "\": must be an RFC3339 time");
        }
    }

    private static long parse(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequest(name + ": Invalid value: \"" + value + "\": must be an integer");
        }
    }

    private Mono<ServerResponse> stream(java.net.URI uri) {
        Flux<DataBuffer> body = clients.http.get().uri(uri).exchangeToFlux(response -> {
            if (response.statusCode().is2xxSuccessful()) {
                // an empty first chunk: commits the 200 before the first line, as upstream flushes its headers
                return Flux.concat(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap(new byte[0])),
                        response.bodyToFlux(DataBuffer.class));
            }
            return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMapMany(bytes ->
                    Flux.error(KubeletErrors.fromKubelet(response.statusCode().value(),
                            new String(bytes, StandardCharsets.UTF_8))));
        });
        return body.switchOnFirst((first, all) -> {
            if (first.hasError()) {
                return Mono.error(first.getThrowable());
            }
            return ServerResponse.ok().contentType(MediaType.TEXT_PLAIN)
                    .body((message, context) -> message.writeAndFlushWith(all.map(Mono::just)));
        }, false).single()
                .onErrorResume(ApiException.class, Responses::error)
                .onErrorResume(e -> !(e instanceof ApiException), e -> Responses.error(KubeletErrors.dial(e)));
    }
}
