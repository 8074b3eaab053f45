package dev.capstan.api.web;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.registry.ObjectLister;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.watch.WatchCaches;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one handler of every resource URL: parses what the URL names, finds the kind in the registry and hands
 * the verb to the read or write side. No per-kind code here: kinds differ only through their definition and
 * strategy.
 */
public final class ResourceHandler {

    private static final Logger log = LoggerFactory.getLogger(ResourceHandler.class);

    private final ResourceRegistry registry;
    private final DiscoveryHandler discovery;
    private final ReadHandlers reads;
    private final WriteHandlers writes;

    public ResourceHandler(ResourceRegistry registry, ObjectStore store, WatchCaches watchCaches, Clock clock) {
        this(registry, store, watchCaches, clock, WriteCheck.NONE);
    }

    /** With a check of writes that needs the user (RBAC escalation prevention). */
    public ResourceHandler(ResourceRegistry registry, ObjectStore store, WatchCaches watchCaches, Clock clock,
                           WriteCheck writeCheck) {
        this.registry = registry;
        this.discovery = new DiscoveryHandler(registry);
        ObjectResponses responses = new ObjectResponses(clock);
        this.reads = new ReadHandlers(store, new ObjectLister(store.storage()), watchCaches, responses);
        this.writes = new WriteHandlers(store, responses, writeCheck);
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        try {
            RequestInfo info = RequestInfo.parse(request.path());
            if (info == null) {
                return Responses.error(ApiErrors.noSuchPath(request.path()));
            }
            if (info.resource() == null) {
                return discovery.groupVersion(info.group(), info.version());
            }
            ResourceDefinition def = registry.find(info.group(), info.version(), info.resource())
                    .orElseThrow(() -> ApiErrors.noSuchPath(request.path()));
            if (!def.namespaced() && info.namespace() != null) {
                throw ApiErrors.noSuchPath(request.path());
            }
            if (def.namespaced() && info.name() != null && info.namespace() == null) {
                throw ApiErrors.noSuchPath(request.path());
            }
            if (info.subresource() != null && !def.hasSubresource(info.subresource())) {
                throw ApiErrors.noSuchPath(request.path());
            }
            return dispatch(request, info, def).onErrorResume(ApiException.class, Responses::error)
                    .onErrorResume(e -> !(e instanceof ApiException), e -> {
                        log.error("event=request_failed path={} error={}", request.path(), e.toString(), e);
                        return Responses.error(ApiErrors.internal(e.getMessage()));
                    });
        } catch (ApiException e) {
            return Responses.error(e);
        }
    }

    private Mono<ServerResponse> dispatch(ServerRequest request, RequestInfo info, ResourceDefinition def) {
        HttpMethod method = request.method();
        if (HttpMethod.GET.equals(method)) {
            if (info.name() == null) {
                return QueryParams.isWatch(request) ? reads.watch(request, info, def) : reads.list(request, info, def);
            }
            return QueryParams.isWatch(request) ? reads.watchOne(request, info, def) : reads.get(request, info, def);
        }
        if (HttpMethod.POST.equals(method)) {
            return info.name() == null ? writes.create(request, info, def) : writes.createSubresource(request, info, def);
        }
        if (HttpMethod.PUT.equals(method) && info.name() != null) {
            return writes.update(request, info, def);
        }
        if (HttpMethod.PATCH.equals(method) && info.name() != null) {
            return writes.patch(request, info, def);
        }
        if (HttpMethod.DELETE.equals(method)) {
            return info.name() == null ? writes.deleteCollection(request, info, def) : writes.delete(request, info, def);
        }
        return Responses.error(new ApiException(405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource", null));
    }

    /** Runs blocking store work off the event loop. */
    static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
