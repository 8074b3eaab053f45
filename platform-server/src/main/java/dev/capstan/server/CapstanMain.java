package dev.capstan.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.capstan.server.roles.AgentRole;
import dev.capstan.server.roles.ComponentApplication;
import dev.capstan.server.roles.ControllerManagerRole;
import dev.capstan.server.roles.SchedulerRole;
import dev.capstan.server.snapshot.DataDirLock;
import dev.capstan.server.snapshot.SnapshotCommand;

/**
 * The command line: {@code capstan server --data-dir DIR [--port N] [--etcd-servers URL,...]}. Translates the
 * upstream-style flags into Spring properties ({@code capstan.*}, {@code server.port}) and starts the role;
 * any other {@code --name=value} argument passes through to Spring as is.
 */
public final class CapstanMain {

    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("--data-dir", "capstan.store.data-dir"),
            Map.entry("--port", "server.port"),
            Map.entry("--etcd-servers", "capstan.store.etcd-servers"),
            Map.entry("--bind-address", "server.address"),
            Map.entry("--tls-san", "capstan.tls-san"),
            Map.entry("--advertise-address", "capstan.api.advertise-address"),
            Map.entry("--max-requests-inflight", "capstan.api.max-requests-inflight"),
            Map.entry("--max-mutating-requests-inflight", "capstan.api.max-mutating-requests-inflight"),
            Map.entry("--kubeconfig", "capstan.kubeconfig"),
            Map.entry("--proxy-kubeconfig", "capstan.node.proxy-kubeconfig"),
            Map.entry("--node-name", "capstan.node.name"),
            Map.entry("--node-ip", "capstan.node.ip"),
            Map.entry("--container-runtime-endpoint", "capstan.node.containerd-socket"),
            Map.entry("--root-dir", "capstan.node.root-dir"),
            Map.entry("--cluster-dns", "capstan.node.cluster-dns"),
            Map.entry("--pod-cidr", "capstan.node.pod-subnet"),
            Map.entry("--cluster-cidr", "capstan.node.cluster-cidr"),
            Map.entry("--shutdown-delay-duration", "capstan.api.shutdown-delay"),
            Map.entry("--shutdown-grace-period", "spring.lifecycle.timeout-per-shutdown-phase"),
            Map.entry("--server", "capstan.node.server"),
            Map.entry("--token", "capstan.node.bootstrap-token"),
            Map.entry("--ca-file", "capstan.node.ca-file"),
            Map.entry("--cluster-signing-cert-file", "capstan.controllers.cluster-signing-cert-file"),
            Map.entry("--cluster-signing-key-file", "capstan.controllers.cluster-signing-key-file"),
            Map.entry("--cluster-signing-duration", "capstan.controllers.cluster-signing-duration"),
            Map.entry("--tls-cert-file", "capstan.tls-cert-file"),
            Map.entry("--tls-private-key-file", "capstan.tls-private-key-file"));

    private CapstanMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage();
            return;
        }
        String role = args[0];
        if (role.equals("token")) {
            System.exit(dev.capstan.server.join.TokenCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        String[] springArgs = toSpringArgs(role, List.of(args).subList(1, args.length));
        try {
            run(role, args, springArgs);
        } catch (DataDirLock.DataDirInUseException e) {
            // a second server on a data directory: one line, not a stack trace
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            // a missing or wrong flag found before anything starts: one line, not a stack trace
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String role, String[] args, String[] springArgs) {
        switch (role) {
            case "server" -> ShutdownSignals.exitCleanlyOnTerm(ServerApplication.run(springArgs));
            case "apiserver" -> ShutdownSignals.exitCleanlyOnTerm(ApiServerApplication.run(springArgs));
            case "all-in-one" -> ShutdownSignals.exitCleanlyOnTerm(
                    ServerApplication.run(append(springArgs, "--capstan.agent.enabled=true")));
            case "etcd-snapshot" -> System.exit(SnapshotCommand.run(List.of(args).subList(1, args.length),
                    System.out, System.err));
            case "scheduler" -> ShutdownSignals.exitCleanlyOnTerm(
                    ComponentApplication.runSecured(SchedulerRole.class, 10259, springArgs));
            case "controller-manager" -> ShutdownSignals.exitCleanlyOnTerm(
                    ComponentApplication.runSecured(ControllerManagerRole.class, 10257, springArgs));
            case "agent" -> ShutdownSignals.exitCleanlyOnTerm(ComponentApplication.run(AgentRole.class, 10248, springArgs));
            case "node-cleanup" -> NodeCleanup.run(springArgs);
            default -> {
                System.err.println("unknown role: " + role);
                usage();
                System.exit(2);
            }
        }
    }

    private static String[] append(String[] args, String extra) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }

    /** What {@code --leader-elect} switches for each role (upstream: each binary's own flag). */
    private static List<String> leaderElectProperties(String role) {
        return switch (role) {
            case "scheduler" -> List.of("capstan.scheduler.leader-election.enabled");
            case "controller-manager" -> List.of("capstan.controllers.leader-election");
            default -> List.of("capstan.scheduler.leader-election.enabled", "capstan.controllers.leader-election");
        };
    }

    static String[] toSpringArgs(String role, List<String> args) {
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("--leader-elect")) {
                // a boolean flag, as upstream's: bare means true, only --leader-elect=false turns it off
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "true";
                leaderElectProperties(role).forEach(property -> spring.add("--" + property + "=" + value));
                continue;
            }
            String property = FLAGS.get(name);
            if (property == null) {
                spring.add(arg);
                continue;
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : (i + 1 < args.size() ? args.get(++i) : "");
            spring.add("--" + property + "=" + value);
        }
        return spring.toArray(String[]::new);
    }

    private static void usage() {
        System.out.println("""
                usage: capstan server --data-dir DIR [--port N] [--etcd-servers URL[,URL...]] [--tls-san NAME[,NAME...]]
                                      [--shutdown-delay-duration 0s] [--shutdown-grace-period 30s]
                       capstan apiserver --data-dir DIR [--port N] [--etcd-servers URL[,URL...]] [--tls-san NAME[,NAME...]]
                                         [--advertise-address IP]
                       capstan all-in-one --data-dir DIR [--port N]   (as root: server + this machine as a node)
                       capstan scheduler --kubeconfig FILE [--port 10259] [--bind-address 127.0.0.1] [--leader-elect=false]
                                         [--tls-cert-file PEM --tls-private-key-file PEM]
                       capstan controller-manager --kubeconfig FILE [--port 10257] [--bind-address 127.0.0.1]
                                         [--leader-elect=false] [--tls-cert-file PEM --tls-private-key-file PEM]
                                         [--cluster-signing-cert-file CA.crt --cluster-signing-key-file CA.key]
                                         [--cluster-signing-duration 8760h]
                       capstan agent --kubeconfig FILE [--proxy-kubeconfig FILE] [--node-name NAME] [--node-ip IP]
                                     [--container-runtime-endpoint SOCKET] [--root-dir DIR] [--cluster-dns IP]
                       capstan agent --server URL --token TOKEN --ca-file CA.crt [--node-name NAME] [...]
                       capstan token create [--data-dir DIR | --kubeconfig FILE] [--ttl 24h] [--description TEXT]
                       capstan token list [--data-dir DIR | --kubeconfig FILE]
                       capstan etcd-snapshot save|restore [--data-dir DIR] [--etcd-servers URL,...] ...
                       capstan node-cleanup --root-dir DIR

                  server     the control plane: API server, store, scheduler and controller manager
                             (HTTPS); writes DIR/admin.kubeconfig (cluster-admin) and the components' own
                             DIR/scheduler.kubeconfig, controller-manager.kubeconfig, kube-proxy.kubeconfig;
                             ready when /readyz answers ok.
                             On SIGTERM: /readyz fails, after --shutdown-delay-duration new requests get
                             429, watches end (with a last BOOKMARK), requests in flight get up to
                             --shutdown-grace-period, the store is flushed; exit code 0.
                             --capstan.scheduler.enabled=false / --capstan.controllers.enabled=false
                             leave the scheduler / the controllers out.
                  apiserver  the API server alone (no scheduler, no controllers): run several on one etcd
                             cluster for high availability, each with a copy of the first one's DIR/pki
                             (docs/operations/high-availability.md). --tls-san (also for server) adds names
                             to the serving certificate made on first start (a load balancer, the other hosts);
                             --advertise-address is the IP listed in the kubernetes Endpoints (default: the
                             --bind-address, or 127.0.0.1)
                  all-in-one the server plus a node agent on this machine (needs root, containerd, runc,
                             CNI plugins, iptables, busybox-static: scripts/install-deps.sh); its node
                             (named after the host) runs real pods in the agent's own containerd
                  scheduler  the scheduler alone, against the API server in FILE; several may run,
                             one leads (Lease kube-system/kube-scheduler); serves /metrics and /healthz
                             over HTTPS on --port (self-signed unless --tls-cert-file); /metrics needs a
                             token whose user may get /metrics (TokenReview + SubjectAccessReview)
                  controller-manager  the controllers alone (Deployment, ReplicaSet, Job, GC, ...); several
                             may run, one leads (Lease kube-system/kube-controller-manager); serves
                             /metrics and /healthz on --port as the scheduler does. --cluster-signing-*: the
                             CA that signs approved node certificates (capstan server passes its own
                             DIR/pki/ca.crt and ca.key; without them no CertificateSigningRequest is signed)
                  node-cleanup  after stopping an agent (or all-in-one, --root-dir DATA/agent): kills its
                             pods' containers and removes its containerd state, the pod bridge, CNI and
                             Capstan iptables chains (k3s-killall)
                  etcd-snapshot  save: a consistent snapshot of the store while the server runs;
                             restore: replace the store's contents (server stopped). Both stores;
                             see 'capstan etcd-snapshot --help'
                  agent      the node agent (kubelet, service proxy, cluster DNS) on this machine, running
                             pods in containerd over CRI; registers the Node NAME (default: host name);
                             serves /metrics and /healthz over HTTP on --port (10248, like the kubelet's healthz).
                             FILE: the node's kubeconfig (user system:node:NAME, group system:nodes); the proxy
                             and DNS use --proxy-kubeconfig (the server's DIR/kube-proxy.kubeconfig) when given.
                             Joining with --server/--token/--ca-file (no --kubeconfig): TLS bootstrap; the agent
                             gets its node and proxy client certificates through CertificateSigningRequests that
                             the controller manager approves and signs, and keeps them in ROOT/kubelet.kubeconfig
                             and ROOT/kube-proxy.kubeconfig (reused on restart)
                  token      bootstrap tokens for joining nodes (kubeadm token create/list): create prints
                             <id>.<secret>; DIR/admin.kubeconfig or FILE is used to store it
                """);
    }
}
