package dev.capstan.node.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Capstan's service proxy: kube-proxy in iptables mode. Watches Services and EndpointSlices through shared
 * informers and, after both caches have synced, rewrites the whole Capstan rule set whenever something changed (at
 * most once per {@code minSyncPeriod}) and at least once per {@code syncPeriod} (repairing rules someone else
 * flushed).
 *
 * <p>Metrics (upstream names): {@code kubeproxy_sync_proxy_rules_duration_seconds} (timer) and
 * {@code kubeproxy_sync_proxy_rules_last_timestamp_seconds} (gauge, Unix time of the last successful sync).
 *
 * <p>Call {@link KernelSettings#applyAll(java.util.Map)} with {@link KernelSettings#SERVICE_PROXY} before starting.
 */
public final class ServiceProxy implements AutoCloseable {

    /** kube-proxy skips services claimed by another proxy implementation. */
    static final String SERVICE_PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name";

    private static final Logger log = LoggerFactory.getLogger(ServiceProxy.class);

    private final KubernetesClient client;
    private final ProxyRuleApplier applier;
    private final ProxySettings settings;
    private final SyncRunner runner;
    private final Timer syncDuration;
    private final AtomicLong lastSyncEpochSeconds = new AtomicLong();
    private volatile SharedIndexInformer<Service> services;
    private volatile SharedIndexInformer<EndpointSlice> slices;

    public ServiceProxy(KubernetesClient client, ProxyRuleApplier applier, ProxySettings settings,
                        MeterRegistry registry) {
        this.client = client;
        this.applier = applier;
        this.settings = settings;
        this.runner = new SyncRunner("capstan-service-proxy", this::syncProxyRules,
                settings.minSyncPeriod(), settings.syncPeriod());
        this.syncDuration = Timer.builder("kubeproxy_sync_proxy_rules_duration_seconds")
                .description("SyncProxyRules latency in seconds")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("kubeproxy_sync_proxy_rules_last_timestamp_seconds", lastSyncEpochSeconds, AtomicLong::get)
                .description("The last time proxy rules were successfully synced")
                .register(registry);
    }

    /**
     * Starts the informers and returns at once; the first sync runs when both have listed their resources, so a
     * half-filled cache never removes rules of services that still exist.
     */
    public void start() {
        ResourceEventHandler<Object> onChange = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                runner.request();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                runner.request();
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                runner.request();
            }
        };
        services = client.services().inAnyNamespace().withoutLabel(SERVICE_PROXY_NAME_LABEL).runnableInformer(0);
        slices = client.discovery().v1().endpointSlices().inAnyNamespace().withoutLabel(SERVICE_PROXY_NAME_LABEL)
                .runnableInformer(0);
        services.addEventHandler(handler(onChange));
        slices.addEventHandler(handler(onChange));
        // The periodic sync starts now; syncProxyRules() does nothing until both caches have synced.
        runner.start();
        CompletableFuture.allOf(services.start().toCompletableFuture(), slices.start().toCompletableFuture())
                .whenComplete((ignored, error) -> {
                    if (error != null) {
                        log.error("msg=\"service proxy informers failed to start\" error=\"{}\"", error.getMessage());
                        return;
                    }
                    log.info("msg=\"service proxy caches synced\" services={} endpointSlices={}",
                            services.getStore().list().size(), slices.getStore().list().size());
                    runner.request();
                });
    }

    /** Asks for a sync as soon as {@code minSyncPeriod} allows. */
    public void requestSync() {
        runner.request();
    }

    /** Stops syncing; removes all Capstan rules when {@link ProxySettings#cleanupOnShutdown()} is set. */
    @Override
    public void close() {
        if (services != null) {
            services.close();
        }
        if (slices != null) {
            slices.close();
        }
        runner.close();
        if (settings.cleanupOnShutdown()) {
            applier.cleanup();
        }
    }

    private void syncProxyRules() {
        SharedIndexInformer<Service> serviceInformer = services;
        SharedIndexInformer<EndpointSlice> sliceInformer = slices;
        if (serviceInformer == null || sliceInformer == null
                || !serviceInformer.hasSynced() || !sliceInformer.hasSynced()) {
            return;
        }
        List<Service> serviceList = serviceInformer.getStore().list();
        List<EndpointSlice> sliceList = sliceInformer.getStore().list();
        long start = System.nanoTime();
        ProxyRuleSet rules = ProxyRules.build(serviceList, sliceList, settings);
        applier.apply(rules);
        syncDuration.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        lastSyncEpochSeconds.set(System.currentTimeMillis() / 1000);
        log.debug("msg=\"synced proxy rules\" services={} endpointSlices={} natRules={}",
                serviceList.size(), sliceList.size(), rules.rules(Iptables.Table.NAT).size());
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> handler(ResourceEventHandler<Object> handler) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
    }
}
