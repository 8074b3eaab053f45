package dev.capstan.server.roles;

import dev.capstan.api.config.StoreProperties;
import dev.capstan.node.config.NodeAddresses;
import dev.capstan.server.pki.ComponentKubeconfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the components {@code capstan server} runs beside the API (the scheduler and the controller manager, and in
 * {@code capstan all-in-one} the node agent) once the API is
 * serving, each as a child application context that reaches the API over HTTPS with its own kubeconfig (its own
 * identity and least privilege: {@link ComponentKubeconfigs}), exactly as it would as its own process. Closing the
 * server closes them first.
 */
public final class ControlPlaneComponents implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneComponents.class);

    private final StoreProperties store;
    private final boolean schedulerEnabled;
    private final boolean controllersEnabled;
    private final boolean agentEnabled;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    public ControlPlaneComponents(StoreProperties store, boolean schedulerEnabled, boolean controllersEnabled,
                                  boolean agentEnabled) {
        this.store = store;
        this.schedulerEnabled = schedulerEnabled;
        this.controllersEnabled = controllersEnabled;
        this.agentEnabled = agentEnabled;
    }

    @Override
    public synchronized void onApplicationEvent(ApplicationReadyEvent event) {
        ConfigurableApplicationContext parent = event.getApplicationContext();
        if (parent.getParent() != null || !started.isEmpty()) {
            return; // a child's own ready event, propagated to us
        }
        Path dataDir = store.getDataDir().toAbsolutePath();
        if (schedulerEnabled) {
            start(parent, SchedulerRole.class, dataDir.resolve(ComponentKubeconfigs.SCHEDULER), "scheduler");
        }
        if (controllersEnabled) {
            // the CSR signer issues node client certificates with the cluster CA (upstream: --cluster-signing-*)
            start(parent, ControllerManagerRole.class, dataDir.resolve(ComponentKubeconfigs.CONTROLLER_MANAGER),
                    "controller-manager",
                    "capstan.controllers.cluster-signing-cert-file=" + dataDir.resolve("pki/ca.crt"),
                    "capstan.controllers.cluster-signing-key-file=" + dataDir.resolve("pki/ca.key"));
        }
        if (agentEnabled) {
            // all-in-one: this machine is also a node; its pods and containerd live under the data directory
            // unless --capstan.node.root-dir / pod-log-dir say otherwise.
            String agentDir = dataDir.resolve("agent").toString();
            String nodeName = parent.getEnvironment().getProperty("capstan.node.name", NodeAddresses.hostName());
            String url = "https://127.0.0.1:" + parent.getEnvironment().getProperty("local.server.port");
            start(parent, AgentRole.class, ComponentKubeconfigs.writeNode(dataDir, url, nodeName), "agent",
                    "capstan.node.name=" + nodeName,
                    "capstan.node.proxy-kubeconfig=" + dataDir.resolve(ComponentKubeconfigs.KUBE_PROXY),
                    "capstan.node.root-dir=" + parent.getEnvironment().getProperty("capstan.node.root-dir", agentDir),
                    "capstan.node.pod-log-dir=" + parent.getEnvironment().getProperty("capstan.node.pod-log-dir", agentDir + "/pods"));
        }
    }

    private void start(ConfigurableApplicationContext parent, Class<?> role, Path kubeconfig, String name, String... properties) {
        List<String> all = new ArrayList<>(List.of("capstan.kubeconfig=" + kubeconfig));
        all.addAll(List.of(properties));
        started.add(new SpringApplicationBuilder(role)
                .parent(parent)
                .web(WebApplicationType.NONE)
                .bannerMode(org.springframework.boot.Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(all.toArray(String[]::new))
                .run());
        log.info("event=component_started component={}", name);
    }
}
