package dev.capstan.api.server;

import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import dev.capstan.api.openapi.OpenApiDocuments;
import dev.capstan.api.web.Responses;
import dev.capstan.store.Storage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

/** The non-resource endpoints: version, health, metrics and OpenAPI. */
public final class RootEndpoints {

    /** The Kubernetes version whose API Capstan serves (kubectl warns on a skew of more than one minor). */
    public static final String KUBERNETES_VERSION = "v1.32.0";

    private final Storage storage;
    private final PrometheusMeterRegistry metrics;
    private final OpenApiDocuments openApi;
    private final GracefulShutdown shutdown;
    private final BootstrapReadiness bootstrap;

    public RootEndpoints(Storage storage, PrometheusMeterRegistry metrics, OpenApiDocuments openApi,
            GracefulShutdown shutdown, BootstrapReadiness bootstrap) {
        this.storage = storage;
        this.metrics = metrics;
        this.openApi = openApi;
        this.shutdown = shutdown;
        this.bootstrap = bootstrap;
    }

    public Mono<ServerResponse> version(ServerRequest request) {
        ObjectNode version = Json.object();
        version.put("major", "1");
        version.put("minor", "32");
        version.put("gitVersion", KUBERNETES_VERSION + "+capstan");
        version.put("gitCommit", "capstan");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "2026-11-24T00:00:00Z");
        version.put("goVersion", "java" + System.getProperty("java.version"));
        version.put("compiler", "javac");
        version.put("platform", "linux/amd64");
        return Responses.json(200, version);
    }

    public Mono<ServerResponse> livez(ServerRequest request) {
        return text(200, "ok");
    }

    /**
     * Ready when the store answers, the bootstrap objects exist and the server is not shutting down (upstream's
     * wording for each).
     */
    public Mono<ServerResponse> readyz(ServerRequest request) {
        if (shutdown.stage() != GracefulShutdown.Stage.SERVING) {
            return text(503, "[-]shutdown failed: reason withheld\nreadyz check failed");
        }
        if (!bootstrap.isDone()) {
            return text(503, "[-]poststarthook/bootstrap-controller failed: not finished\nreadyz check failed");
        }
        return Mono.fromCallable(storage::currentRevision)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(rev -> text(200, "ok"))
                .onErrorResume(e -> text(503, "[-]etcd failed: " + e.getMessage() + "\nreadyz check failed"));
    }

    public Mono<ServerResponse> metrics(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8"))
                .bodyValue(metrics.scrape());
    }

    public Mono<ServerResponse> openApiV2(ServerRequest request) {
        return Responses.json(200, openApi.v2());
    }

    public Mono<ServerResponse> openApiV3Index(ServerRequest request) {
        return Responses.json(200, openApi.v3Index());
    }

    public Mono<ServerResponse> openApiV3(ServerRequest request) {
        String path = request.path().substring("/openapi/v3/".length());
        return openApi.v3(path).map(doc -> Responses.json(200, doc))
                .orElseGet(() -> Responses.error(ApiErrors.noSuchPath(request.path())));
    }

    private static Mono<ServerResponse> text(int code, String body) {
        return ServerResponse.status(code).contentType(MediaType.TEXT_PLAIN).bodyValue(body);
    }
}
