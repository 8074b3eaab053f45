package dev.capstan.server.roles;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * What a control-plane component serves on its own port when it runs as its own process (as
 * kube-scheduler's 10259): {@code /metrics} in Prometheus text format and {@code /healthz}, {@code /livez},
 * {@code /readyz}. Inside {@code capstan server} the component has no web server: its metrics are on the API
 * server's {@code /metrics}.
 */
final class ComponentEndpoints {

    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

    private ComponentEndpoints() {
    }

    static RouterFunction<ServerResponse> routes(PrometheusMeterRegistry registry) {
        return RouterFunctions.route()
                .GET("/metrics", request -> ServerResponse.ok().contentType(PROMETHEUS_TEXT).bodyValue(registry.scrape()))
                .GET("/healthz", request -> ok())
                .GET("/livez", request -> ok())
                .GET("/readyz", request -> ok())
                .build();
    }

    private static reactor.core.publisher.Mono<ServerResponse> ok() {
        return ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue("ok");
    }
}
