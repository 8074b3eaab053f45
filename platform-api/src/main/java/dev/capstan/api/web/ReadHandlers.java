package dev.capstan.api.web;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.api.registry.ObjectLister;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.watch.WatchCaches;
import dev.capstan.api.watch.WatchRequest;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import dev.capstan.api.errors.ApiException;
import tools.jackson.databind.node.ObjectNode;

/** get, list and watch. */
final class ReadHandlers {

    private final ObjectStore store;
    private final ObjectLister lister;
    private final WatchCaches watchCaches;
    private final ObjectResponses responses;
    private final CacheReads cacheReads;

    ReadHandlers(ObjectStore store, ObjectLister lister, WatchCaches watchCaches, ObjectResponses responses) {
        this.cacheReads = new CacheReads(store.storage(), watchCaches);
        this.store = store;
        this.lister = lister;
        this.watchCaches = watchCaches;
        this.responses = responses;
    }

    Mono<ServerResponse> get(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        Accepts accepts = Accepts.of(request);
        String include = QueryParams.get(request, "includeObject");
        String rv = QueryParams.get(request, "resourceVersion");
        return ResourceHandler.blocking(() -> {
            if (info.subresource() == null && accepts == Accepts.JSON) {
                // consistent read from the watch cache: the object's JSON as cached, no parse, no re-encode
                byte[] cached = cacheReads.getJson(def, info.namespace(), info.name(), rv);
                if (cached != null) {
                    return (Object) cached;
                }
            }
            ObjectNode object = store.get(def, info.namespace(), info.name());
            if ("scale".equals(info.subresource())) {
                return ScaleSubresource.toScale(def, object);
            }
            return responses.object(def, object, accepts, include);
        }).flatMap(body -> body instanceof byte[] bytes ? Responses.rawJson(200, bytes)
                : Responses.json(200, (tools.jackson.databind.JsonNode) body));
    }

    Mono<ServerResponse> list(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        WatchListOptions.checkList(request);
        Accepts accepts = Accepts.of(request);
        ListQuery query = QueryParams.listQuery(request);
        String include = QueryParams.get(request, "includeObject");
        return ResourceHandler.blocking(() -> {
            if (accepts == Accepts.JSON) {
                byte[] cached = cacheReads.listJson(def, info.namespace(), query);
                if (cached != null) {
                    return (Object) cached;
                }
            }
            var page = watchCaches.canServe(query)
                    ? watchCaches.cache(def).list(info.namespace(), query)
                    : lister.list(def, info.namespace(), query);
            return responses.list(def, page, accepts, include);
        }).flatMap(body -> body instanceof byte[] bytes ? Responses.rawJson(200, bytes)
                : Responses.json(200, (tools.jackson.databind.JsonNode) body));
    }

    Mono<ServerResponse> watch(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        return stream(request, def, WatchRequest.of(info.namespace(), null, QueryParams.listQuery(request),
                QueryParams.longParam(request, "timeoutSeconds"),
                "true".equals(QueryParams.get(request, "allowWatchBookmarks"))));
    }

    /** A watch of one object: upstream's legacy /watch-by-name form, a field selector on metadata.name. */
    Mono<ServerResponse> watchOne(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        return stream(request, def, WatchRequest.of(info.namespace(), info.name(), QueryParams.listQuery(request),
                QueryParams.longParam(request, "timeoutSeconds"),
                "true".equals(QueryParams.get(request, "allowWatchBookmarks"))));
    }

    private Mono<ServerResponse> stream(ServerRequest request, ResourceDefinition def, WatchRequest plain) {
        WatchRequest watch = plain.withInitialEvents(WatchListOptions.initialEvents(request, plain.query()));
        Mono<Flux<byte[]>> subscription = ResourceHandler.blocking(() -> {
                    if (watch.initialEvents()) {
                        cacheReads.awaitWatchListStart(def, watch.query().resourceVersion());
                    }
                    return watchCaches.cache(def).subscribe(def, watch);
                })
                .onErrorResume(ApiException.class, e -> e.code() == 410
                        // upstream answers a watch from a too old resourceVersion with 200 and one ERROR event
                        ? Mono.just(Flux.just(WatchErrors.errorEvent(e))) : Mono.error(e));
        if (WebSocketWatch.isUpgrade(request)) {
            return subscription.flatMap(events -> WebSocketWatch.serve(request, events));
        }
        return subscription.flatMap(events -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Transfer-Encoding", "chunked")
                        // an empty first chunk commits the headers at once, as upstream flushes them: clients
                        // (Fabric8's watch()) wait for the response before they count the watch as started
                        .body((message, context) -> message.writeAndFlushWith(Flux.concat(
                                Mono.just(Mono.just(message.bufferFactory().wrap(new byte[0]))),
                                events.map(bytes -> Mono.just(message.bufferFactory().wrap(bytes)))))));
    }
}
