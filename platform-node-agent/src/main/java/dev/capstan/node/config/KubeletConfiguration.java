package dev.capstan.node.config;

import dev.capstan.node.cri.CriChannel;
import dev.capstan.node.cri.CriClient;
import dev.capstan.node.kubelet.ContainerConfigs;
import dev.capstan.node.kubelet.ContainerWaits;
import dev.capstan.node.kubelet.EnvResolver;
import dev.capstan.node.kubelet.HostResources;
import dev.capstan.node.kubelet.ImagePuller;
import dev.capstan.node.kubelet.Kubelet;
import dev.capstan.node.kubelet.KubeletMetrics;
import dev.capstan.node.kubelet.KubeletSettings;
import dev.capstan.node.kubelet.NodeLeaseRenewer;
import dev.capstan.node.kubelet.NodeStatusReporter;
import dev.capstan.node.kubelet.PodDns;
import dev.capstan.node.kubelet.PodEvents;
import dev.capstan.node.kubelet.PodStatusGenerator;
import dev.capstan.node.kubelet.PodStatusWriter;
import dev.capstan.node.kubelet.PodSyncer;
import dev.capstan.node.kubelet.PodVolumes;
import dev.capstan.node.kubelet.PodWorkers;
import dev.capstan.node.kubelet.ProbeManager;
import dev.capstan.node.kubelet.Prober;
import dev.capstan.node.kubelet.RuntimeState;
import dev.capstan.node.kubelet.SandboxConfigs;
import dev.capstan.node.network.PodNetwork;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The kubelet's beans: CRI client, pod syncing and status, node registration and lease. */
@Configuration(proxyBeanMethods = false)
public class KubeletConfiguration {

    @Bean
    public KubeletSettings kubeletSettings(NodeAgentProperties properties) {
        String name = properties.name() == null || properties.name().isEmpty() ? NodeAddresses.hostName() : properties.name();
        String ip = properties.ip() == null || properties.ip().isEmpty() ? NodeAddresses.firstIpv4() : properties.ip();
        return new KubeletSettings(name, ip, properties.rootDir(), properties.podLogDir(), properties.clusterDns(),
                properties.clusterDomain(), properties.port(), properties.maxPods(), properties.leaseDuration(),
                properties.statusUpdatePeriod());
    }

    @Bean(destroyMethod = "close")
    public CriChannel criChannel(ContainerRuntimeEndpoint endpoint) {
        return new CriChannel(endpoint.socket());
    }

    @Bean
    public CriClient criClient(CriChannel channel) {
        return new CriClient(channel);
    }

    @Bean
    public ContainerWaits containerWaits() {
        return new ContainerWaits();
    }

    @Bean(destroyMethod = "close")
    public Kubelet kubelet(KubernetesClient client, CriClient cri, KubeletSettings settings, PodDns podDns,
                           ContainerWaits waits, MeterRegistry registry, ObjectProvider<PodNetwork> podNetwork) {
        Clock clock = Clock.systemUTC();
        RuntimeState runtime = new RuntimeState(cri);
        PodEvents events = new PodEvents(client, settings.nodeName(), clock);
        ProbeManager probes = new ProbeManager(new Prober(cri), events, 4);
        PodVolumes volumes = new PodVolumes(client, settings.rootDir());
        PodSyncer syncer = new PodSyncer(cri, runtime, new SandboxConfigs(settings, podDns),
                new ContainerConfigs(new EnvResolver(client), HostResources.memoryBytes()), volumes,
                new ImagePuller(cri, events, clock), events, probes, waits, settings, clock);
        RunningCounts counts = new RunningCounts(cri);
        KubeletMetrics metrics = new KubeletMetrics(registry, clock, counts::pods, counts::containers);
        PodWorkers workers = new PodWorkers(syncer, new PodStatusGenerator(waits, probes, settings.nodeIp(), clock),
                new PodStatusWriter(client), runtime, metrics, 16);
        probes.onChange(workers::enqueue);
        return new Kubelet(client, cri, settings, new NodeStatusReporter(client, cri, settings, clock),
                new NodeLeaseRenewer(client, settings, clock), workers, () -> podNetwork.ifAvailable(PodNetwork::start));
    }
}
