package dev.capstan.api.metrics;

import dev.capstan.api.web.RequestInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Request metrics under upstream's names: {@code apiserver_request_total{verb,group,version,resource,subresource,
 * scope,component,code}}, {@code apiserver_request_duration_seconds} (histogram, without code, as upstream) and
 * {@code apiserver_longrunning_requests} (open watches).
 */
public final class RequestMetricsFilter implements WebFilter {

    private final MeterRegistry registry;
    private final AtomicInteger longRunning = new AtomicInteger();

    public RequestMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("apiserver.longrunning.requests", Tags.of("verb", "WATCH", "component", "apiserver"), longRunning);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        RequestInfo info = path.startsWith("/api") ? RequestInfo.parse(path) : null;
        if (info == null || info.resource() == null) {
            return chain.filter(exchange);
        }
        String verb = verb(exchange, info);
        Tags tags = Tags.of("verb", verb, "group", info.group(), "version", info.version(),
                "resource", info.resource(), "subresource", info.subresource() == null ? "" : info.subresource(),
                "scope", info.name() != null ? "resource" : info.namespace() != null ? "namespace" : "cluster",
                "component", "apiserver");
        boolean watch = verb.equals("WATCH");
        if (watch) {
            longRunning.incrementAndGet();
        }
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> {
            if (watch) {
                longRunning.decrementAndGet();
            }
            var status = exchange.getResponse().getStatusCode();
            String code = status == null ? "200" : Integer.toString(status.value());
            registry.counter("apiserver.request", tags.and("code", code)).increment();
            if (!watch) {
                Timer.builder("apiserver.request.duration").tags(tags).publishPercentileHistogram()
                        .register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        });
    }

    private static String verb(ServerWebExchange exchange, RequestInfo info) {
        HttpMethod method = exchange.getRequest().getMethod();
        String watch = exchange.getRequest().getQueryParams().getFirst("watch");
        if (HttpMethod.GET.equals(method)) {
            if ("true".equals(watch) || "1".equals(watch)) {
                return "WATCH";
            }
            return info.name() == null ? "LIST" : "GET";
        }
        if (HttpMethod.DELETE.equals(method) && info.name() == null) {
            return "DELETECOLLECTION";
        }
        return method.name();
    }
}
