package dev.capstan.server.ha;

import static org.awaitility.Awaitility.await;

import dev.capstan.server.CapstanProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An HA control plane as separate OS processes on one etcd cluster: N {@code capstan apiserver}s (the first makes
 * the PKI, the others start with a copy of its {@code DATA/pki}, as kubeadm's "copy the certificates" step), and for
 * each API server one {@code capstan scheduler} and one {@code capstan controller-manager} whose kubeconfig points at
 * it, all with Lease leader election on short leases. Every process can be killed and started again.
 */
final class HaControlPlane implements AutoCloseable {

    private final List<Path> dataDirs = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<CapstanProcess> apiServers = new ArrayList<>();
    private final List<CapstanProcess> schedulers = new ArrayList<>();
    private final List<CapstanProcess> controllerManagers = new ArrayList<>();

    HaControlPlane(String etcdServers, int count, Duration lease, Duration renew, Duration retry) {
        try {
            for (int i = 0; i < count; i++) {
                Path dataDir = Files.createTempDirectory("capstan-ha-" + i + "-");
                dataDirs.add(dataDir);
                ports.add(CapstanProcess.freePort());
                apiServers.add(new CapstanProcess("apiserver-" + i, "apiserver", "--data-dir", dataDir.toString(),
                        "--port", Integer.toString(ports.get(i)), "--bind-address", "127.0.0.1",
                        "--etcd-servers", etcdServers,
                        // a dead server leaves the kubernetes Endpoints within seconds, not upstream's 15 s
                        "--capstan.api.endpoint-reconcile-interval=1s", "--capstan.api.endpoint-lease-ttl=3s",
                        // every server compacts etcd, several times during a run (upstream: every 5 minutes)
                        "--capstan.store.compaction-interval=10s"));
                String kubeconfig = dataDir.resolve("admin.kubeconfig").toString();
                schedulers.add(new CapstanProcess("scheduler-" + i, "scheduler", "--kubeconfig", kubeconfig,
                        "--port", Integer.toString(CapstanProcess.freePort()),
                        "--capstan.scheduler.leader-election.lease-duration=" + lease.toMillis() + "ms",
                        "--capstan.scheduler.leader-election.renew-deadline=" + renew.toMillis() + "ms",
                        "--capstan.scheduler.leader-election.retry-period=" + retry.toMillis() + "ms"));
                controllerManagers.add(new CapstanProcess("controller-manager-" + i, "controller-manager",
                        "--kubeconfig", kubeconfig, "--port", Integer.toString(CapstanProcess.freePort()),
                        "--capstan.controllers.lease-duration=" + lease.toMillis() + "ms",
                        "--capstan.controllers.renew-deadline=" + renew.toMillis() + "ms",
                        "--capstan.controllers.retry-period=" + retry.toMillis() + "ms"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the API servers one after another (the first makes the PKI the others get), then the components. */
    void start() {
        for (int i = 0; i < apiServers.size(); i++) {
            if (i > 0) {
                copyPki(dataDirs.get(0).resolve("pki"), dataDirs.get(i).resolve("pki"));
            }
            apiServers.get(i).start();
            awaitReady(i);
        }
        schedulers.forEach(CapstanProcess::start);
        controllerManagers.forEach(CapstanProcess::start);
    }

    /**
     * Starts every API server at the same moment (nothing else), with one PKI made beforehand (the CA and certificates
     * as the first start makes them, and the service-account key): for checking that API servers bootstrapping one
     * store at once agree.
     */
    void startApiServersAtOnce() {
        Path pki = dataDirs.get(0).resolve("pki");
        dev.capstan.server.pki.ClusterPki.loadOrCreate(pki, List.of("localhost", "127.0.0.1"));
        dev.capstan.api.security.authn.ServiceAccountKeys.loadOrCreate(pki.resolve("sa.key"));
        for (int i = 1; i < dataDirs.size(); i++) {
            copyPki(pki, dataDirs.get(i).resolve("pki"));
        }
        apiServers.forEach(CapstanProcess::start);
        for (int i = 0; i < apiServers.size(); i++) {
            awaitReady(i);
        }
    }

    Path kubeconfig(int index) {
        return dataDirs.get(index).resolve("admin.kubeconfig");
    }

    List<Path> kubeconfigs() {
        return dataDirs.stream().map(d -> d.resolve("admin.kubeconfig")).toList();
    }

    /** The port API server {@code index} serves on (the same after a restart). */
    int port(int index) {
        return ports.get(index);
    }

    CapstanProcess apiServer(int index) {
        return apiServers.get(index);
    }

    List<CapstanProcess> schedulers() {
        return schedulers;
    }

    List<CapstanProcess> controllerManagers() {
        return controllerManagers;
    }

    /** Waits until API server {@code index} answers {@code /readyz} with ok. */
    void awaitReady(int index) {
        CapstanProcess process = apiServers.get(index);
        Path kubeconfig = kubeconfig(index);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(process.name() + " exited:\n" + process.tail());
            }
            if (!Files.exists(kubeconfig)) {
                return false;
            }
            try (KubernetesClient client = FailoverClients.client(kubeconfig)) {
                return "ok".equals(client.raw("/readyz"));
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /** What kubeadm's {@code --upload-certs} / "copy the certificates" step distributes: the whole PKI directory. */
    private static void copyPki(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the PKI " + from + " to " + to, e);
        }
    }

    @Override
    public void close() {
        Stream.of(schedulers, controllerManagers, apiServers).flatMap(List::stream).forEach(CapstanProcess::close);
        for (Path dir : dataDirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: left for the OS
            }
        }
    }
}
