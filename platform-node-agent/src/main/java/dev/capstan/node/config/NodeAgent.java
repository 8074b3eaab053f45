package dev.capstan.node.config;

import dev.capstan.node.kubelet.Kubelet;
import dev.capstan.node.proxy.KernelSettings;
import dev.capstan.node.proxy.ServiceProxy;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the node agent's parts in order with the application — kernel settings, the service proxy, the
 * kubelet — and stops them in reverse. Pods keep running when the agent stops: a restarted agent adopts them.
 */
public final class NodeAgent implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final Kubelet kubelet;
    private final ObjectProvider<ServiceProxy> proxy;
    private final ObjectProvider<KernelSettings> kernel;
    private final ObjectProvider<AgentService> services;
    private volatile boolean running;

    public NodeAgent(Kubelet kubelet, ObjectProvider<ServiceProxy> proxy, ObjectProvider<KernelSettings> kernel,
                     ObjectProvider<AgentService> services) {
        this.kubelet = kubelet;
        this.proxy = proxy;
        this.kernel = kernel;
        this.services = services;
    }

    @Override
    public void start() {
        kernel.ifAvailable(k -> k.applyAll(KernelSettings.SERVICE_PROXY)
                .forEach(failure -> log.warn("event=kernel_setting_failed error={}", failure.getMessage())));
        services.orderedStream().forEach(AgentService::start);
        proxy.ifAvailable(ServiceProxy::start);
        kubelet.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        kubelet.close();
        List<AgentService> started = services.orderedStream().toList();
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
