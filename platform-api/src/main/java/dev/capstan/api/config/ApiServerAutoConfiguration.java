package dev.capstan.api.config;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.builtin.BuiltInResources;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.metrics.RequestMetricsFilter;
import dev.capstan.api.openapi.ApiKind;
import dev.capstan.api.openapi.OpenApiDocuments;
import dev.capstan.api.proxy.KubeletRoutes;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.server.ApiServerEndpoints;
import dev.capstan.api.server.Compactor;
import dev.capstan.api.server.GracefulShutdown;
import dev.capstan.api.server.InflightLimitFilter;
import dev.capstan.api.server.KubernetesServiceBootstrap;
import dev.capstan.api.server.NamespaceBootstrap;
import dev.capstan.api.server.RootEndpoints;
import dev.capstan.api.server.ShuttingDownFilter;
import dev.capstan.api.watch.WatchCaches;
import dev.capstan.api.web.DiscoveryHandler;
import dev.capstan.api.web.ResourceHandler;
import dev.capstan.api.web.Responses;
import dev.capstan.store.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The API server: the registry of kinds, the generic store and handler, the routes, filters and caches. */
@AutoConfiguration(after = StorageAutoConfiguration.class)
@EnableConfigurationProperties(ApiServerProperties.class)
@org.springframework.context.annotation.Import({dev.capstan.api.audit.AuditConfiguration.class,
        dev.capstan.api.security.authn.AuthenticationConfiguration.class,
        dev.capstan.api.security.rbac.RbacConfiguration.class,
        dev.capstan.api.admission.AdmissionConfiguration.class})
public class ApiServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ResourceRegistry resourceRegistry() {
        return new ResourceRegistry(BuiltInResources.definitions());
    }

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public ObjectStore objectStore(Storage storage, ResourceRegistry registry, Clock clock, ApiServerProperties properties) {
        return new ObjectStore(storage, registry, clock, properties.getServiceClusterIpRange(),
                properties.getServiceNodePortRange());
    }

    @Bean(destroyMethod = "close")
    public WatchCaches watchCaches(Storage storage, ApiServerProperties properties, ResourceRegistry registry) {
        WatchCaches caches = new WatchCaches(storage, properties.getWatchCacheSize(), properties.getWatcherBacklog(),
                properties.getBookmarkInterval());
        // started before the server listens, as upstream's cacher: a watch from any resourceVersion a client
        // could have read from this server is inside the window (a lazily started cache would answer 410)
        registry.all().forEach(caches::cache);
        return caches;
    }

    @Bean
    public GracefulShutdown gracefulShutdown(WatchCaches caches, ApiServerProperties properties,
                                             ApiServerEndpoints endpoints) {
        // upstream's pre-shutdown hook: leave the kubernetes Endpoints before the shutdown delay, not after it
        return new GracefulShutdown(caches, properties.getShutdownDelay(), List.of(endpoints::close));
    }

    @Bean
    public ShuttingDownFilter shuttingDownFilter(GracefulShutdown shutdown) {
        return new ShuttingDownFilter(shutdown);
    }

    @Bean(destroyMethod = "close")
    public Compactor compactor(Storage storage, StoreProperties properties) {
        return new Compactor(storage, properties.getCompactionInterval());
    }

    @Bean
    public OpenApiDocuments openApiDocuments(ResourceRegistry registry) {
        List<ApiKind> kinds = registry.all().stream().map(ApiServerAutoConfiguration::apiKind).toList();
        return new OpenApiDocuments(kinds);
    }

    private static ApiKind apiKind(ResourceDefinition d) {
        return new ApiKind(d.group(), d.version(), d.kind(), d.plural(), d.namespaced(), d.javaType(),
                new HashSet<>(ResourceDefinition.VERBS), d.subresources());
    }

    @Bean
    public InflightLimitFilter inflightLimitFilter(ApiServerProperties properties, MeterRegistry meters) {
        InflightLimitFilter filter = new InflightLimitFilter(properties.getMaxRequestsInflight(),
                properties.getMaxMutatingRequestsInflight());
        meters.gauge("apiserver.current.inflight.requests", Tags.of("request_kind", "readOnly"), filter,
                f -> f.inflight(false));
        meters.gauge("apiserver.current.inflight.requests", Tags.of("request_kind", "mutating"), filter,
                f -> f.inflight(true));
        return filter;
    }

    @Bean
    public RequestMetricsFilter requestMetricsFilter(MeterRegistry meters) {
        return new RequestMetricsFilter(meters);
    }

    /** The kubernetes Endpoints: every live API server on this store (started once the port is known). */
    @Bean(destroyMethod = "close")
    public ApiServerEndpoints apiServerEndpoints(ObjectStore store, ResourceRegistry registry, Clock clock,
                                                 ApiServerProperties properties) {
        return new ApiServerEndpoints(store, registry, clock, properties.getEndpointReconcileInterval(),
                properties.getEndpointLeaseTtl());
    }

    @Bean
    public dev.capstan.api.server.BootstrapReadiness bootstrapReadiness() {
        return new dev.capstan.api.server.BootstrapReadiness();
    }

    @Bean
    public ApplicationRunner systemNamespaces(ObjectStore store, ResourceRegistry registry, ApiServerEndpoints endpoints,
            org.springframework.core.env.Environment environment, dev.capstan.api.server.BootstrapReadiness readiness) {
        return args -> {
            NamespaceBootstrap.ensure(store, registry);
            // the web server runs by now: its port is known (it may have been chosen at random)
            Integer port = environment.getProperty("local.server.port", Integer.class);
            if (port != null) {
                KubernetesServiceBootstrap.ensure(store, registry, port);
                endpoints.start(advertiseAddress(environment), port);
            }
            readiness.markDone();
        };
    }

    /**
     * The address other API servers' clients reach this one at, for the kubernetes Endpoints (upstream's
     * {@code --advertise-address}); else the bind address, and loopback when bound to every interface.
     */
    private static String advertiseAddress(org.springframework.core.env.Environment environment) {
        String advertised = environment.getProperty("capstan.api.advertise-address", "");
        if (!advertised.isBlank()) {
            return advertised.trim();
        }
        String bound = environment.getProperty("server.address", "127.0.0.1");
        return "0.0.0.0".equals(bound) ? "127.0.0.1" : bound;
    }

    /** With an identity (the server role gives one), kubelets that require client certificates accept the API server. */
    private static KubeletRoutes kubeletRoutes(ObjectStore store, ResourceRegistry registry,
                                               dev.capstan.api.proxy.KubeletClientIdentity identity) {
        return identity == null ? new KubeletRoutes(store, registry) : new KubeletRoutes(store, registry, identity);
    }

    @Bean
    public RouterFunction<ServerResponse> apiRoutes(ResourceRegistry registry, ObjectStore store, WatchCaches caches,
            Clock clock, Storage storage, PrometheusMeterRegistry prometheus, OpenApiDocuments openApi,
            GracefulShutdown shutdown, dev.capstan.api.server.BootstrapReadiness bootstrapReadiness,
            org.springframework.beans.factory.ObjectProvider<dev.capstan.api.proxy.KubeletClientIdentity> kubeletIdentity,
            org.springframework.beans.factory.ObjectProvider<dev.capstan.api.web.WriteCheck> writeCheck) {
        ResourceHandler handler = new ResourceHandler(registry, store, caches, clock,
                writeCheck.getIfAvailable(() -> dev.capstan.api.web.WriteCheck.NONE));
        DiscoveryHandler discovery = new DiscoveryHandler(registry);
        RootEndpoints root = new RootEndpoints(storage, prometheus, openApi, shutdown, bootstrapReadiness);
        return RouterFunctions.route()
                .GET("/version", root::version)
                .GET("/healthz", root::livez)
                .GET("/livez", root::livez)
                .GET("/readyz", root::readyz)
                .GET("/metrics", root::metrics)
                .GET("/openapi/v2", root::openApiV2)
                .GET("/openapi/v3", root::openApiV3Index)
                .GET("/openapi/v3/**", root::openApiV3)
                .GET("/api", r -> discovery.coreVersions())
                .GET("/apis", r -> discovery.groups())
                .GET("/apis/{group}", r -> discovery.group(r.pathVariable("group")))
                .add(kubeletRoutes(store, registry, kubeletIdentity.getIfAvailable()).routes())
                .route(path("/api/**").or(path("/apis/**")), handler::handle)
                .route(r -> true, r -> Responses.error(ApiErrors.noSuchPath(r.path())))
                .build();
    }
}
