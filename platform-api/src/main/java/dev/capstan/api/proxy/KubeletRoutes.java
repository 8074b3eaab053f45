package dev.capstan.api.proxy;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.web.Responses;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's routes that end on a kubelet: pods' {@code log}, {@code exec}, {@code attach} and
 * {@code portforward} subresources and {@code nodes/{name}/proxy}. Register before the generic resource routes.
 */
public final class KubeletRoutes {

    private static final String POD = "/api/v1/namespaces/{namespace}/pods/{name}";

    private final KubeletLocator locator;
    private final PodLogProxy logs;
    private final WebSocketProxy streams;
    private final NodeProxy nodes;

    /** Routes whose kubelet clients show no client certificate. */
    public KubeletRoutes(ObjectStore store, ResourceRegistry registry) {
        this(store, registry, null);
    }

    /** @param identity the client certificate shown to kubelets; null for none */
    public KubeletRoutes(ObjectStore store, ResourceRegistry registry, KubeletClientIdentity identity) {
        KubeletClients clients = new KubeletClients(identity);
        this.locator = new KubeletLocator(store, registry);
        this.logs = new PodLogProxy(locator, clients);
        this.streams = new WebSocketProxy(clients);
        this.nodes = new NodeProxy(locator, clients);
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(POD + "/log", logs::handle)
                .route(path(POD + "/exec"), r -> remoteCommand(r, "exec"))
                .route(path(POD + "/attach"), r -> remoteCommand(r, "attach"))
                .route(path(POD + "/portforward"), this::portForward)
                .route(path("/api/v1/nodes/{name}/proxy").or(path("/api/v1/nodes/{name}/proxy/**")), nodes::handle)
                .build();
    }

    /** exec and attach: upstream's ExecLocation/AttachLocation, then the WebSocket relay. */
    private Mono<ServerResponse> remoteCommand(ServerRequest request, String verb) {
        String namespace = request.pathVariable("namespace");
        String name = request.pathVariable("name");
        List<String> command = request.queryParams().getOrDefault("command", List.of());
        return blocking(() -> {
            ObjectNode pod = locator.pod(namespace, name);
            String container = KubeletLocator.container(pod, request.queryParam("container").orElse(null), false);
            String node = KubeletLocator.nodeName(pod).orElseThrow(() ->
                    ApiErrors.badRequest("pod " + name + " does not have a host assigned"));
            if (verb.equals("exec") && command.isEmpty()) {
                throw ApiErrors.badRequest("you must specify at least 1 command");
            }
            UriComponentsBuilder b = UriComponentsBuilder.fromPath("/" + verb + "/{ns}/{pod}/{container}");
            for (int i = 0; i < command.size(); i++) {
                b.queryParam("command", "{c" + i + "}");
            }
            flag(request, "stdin", "input", b);
            flag(request, "stdout", "output", b);
            flag(request, "stderr", "error", b);
            flag(request, "tty", "tty", b);
            Object[] values = new Object[3 + command.size()];
            values[0] = namespace;
            values[1] = name;
            values[2] = container;
            for (int i = 0; i < command.size(); i++) {
                values[3 + i] = command.get(i);
            }
            return locator.kubelet(node).uri(expand(b, values));
        }).flatMap(uri -> relay(request, uri)).onErrorResume(ApiException.class, Responses::error);
    }

    private Mono<ServerResponse> portForward(ServerRequest request) {
        String namespace = request.pathVariable("namespace");
        String name = request.pathVariable("name");
        List<String> ports = request.queryParams().getOrDefault("ports", List.of());
        return blocking(() -> {
            ObjectNode pod = locator.pod(namespace, name);
            String node = KubeletLocator.nodeName(pod).orElseThrow(() ->
                    ApiErrors.badRequest("pod " + name + " does not have a host assigned"));
            UriComponentsBuilder b = UriComponentsBuilder.fromPath("/portForward/{ns}/{pod}");
            ports.forEach(p -> b.queryParam("port", p));
            return locator.kubelet(node).uri(expand(b, new Object[]{namespace, name}));
        }).flatMap(uri -> relay(request, uri)).onErrorResume(ApiException.class, Responses::error);
    }

    /** The request is checked (pod, container, node) before its protocol, so SPDY clients see the same errors. */
    private Mono<ServerResponse> relay(ServerRequest request, URI kubelet) {
        return WebSocketProxy.isUpgrade(request) ? streams.relay(request, kubelet) : WebSocketProxy.upgradeRequired();
    }

    private static void flag(ServerRequest request, String param, String kubeletParam, UriComponentsBuilder b) {
        Optional<String> v = request.queryParam(param);
        if (v.isPresent() && (v.get().equals("true") || v.get().equals("1"))) {
            b.queryParam(kubeletParam, "1");
        }
    }

    private static String expand(UriComponentsBuilder b, Object[] values) {
        URI uri = b.encode().buildAndExpand(values).toUri();
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
