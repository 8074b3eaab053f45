package dev.capstan.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.capstan.server.roles.AgentRole;
import dev.capstan.server.roles.ComponentApplication;
import dev.capstan.server.roles.ControllerManagerRole;
import dev.capstan.server.roles.SchedulerRole;

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
            Map.entry("--max-requests-inflight", "capstan.api.max-requests-inflight"),
            Map.entry("--max-mutating-requests-inflight", "capstan.api.max-mutating-requests-inflight"),
            Map.entry("--kubeconfig", "capstan.kubeconfig"),
            Map.entry("--leader-elect", "capstan.scheduler.leader-election.enabled"),
            Map.entry("--node-name", "capstan.node.name"),
            Map.entry("--node-ip", "capstan.node.ip"),
            Map.entry("--container-runtime-endpoint", "capstan.node.containerd-socket"),
            Map.entry("--root-dir", "capstan.node.root-dir"),
            Map.entry("--cluster-dns", "capstan.node.cluster-dns"),
            Map.entry("--pod-cidr", "capstan.node.pod-subnet"),
            Map.entry("--cluster-cidr", "capstan.node.cluster-cidr"),
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
        String[] springArgs = toSpringArgs(List.of(args).subList(1, args.length));
        switch (role) {
            case "server" -> ServerApplication.run(springArgs);
            case "all-in-one" -> ServerApplication.run(append(springArgs, "--capstan.agent.enabled=true"));
            case "scheduler" -> ComponentApplication.runSecured(SchedulerRole.class, 10259, springArgs);
            case "controller-manager" -> ComponentApplication.runSecured(ControllerManagerRole.class, 10257, springArgs);
            case "agent" -> ComponentApplication.run(AgentRole.class, 10248, springArgs);
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

    static String[] toSpringArgs(List<String> args) {
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
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
                usage: capstan server --data-dir DIR [--port N] [--etcd-servers URL[,URL...]]
                       capstan all-in-one --data-dir DIR [--port N]   (as root: server + this machine as a node)
                       capstan scheduler --kubeconfig FILE [--port 10259] [--bind-address 127.0.0.1] [--leader-elect=false]
                                         [--tls-cert-file PEM --tls-private-key-file PEM]
                       capstan controller-manager --kubeconfig FILE [--port 10257] [--bind-address 127.0.0.1]
                                         [--tls-cert-file PEM --tls-private-key-file PEM]
                       capstan agent --kubeconfig FILE [--node-name NAME] [--node-ip IP]
                                     [--container-runtime-endpoint SOCKET] [--root-dir DIR] [--cluster-dns IP]

                  server     the control plane: API server, store, scheduler and controller manager
                             (HTTPS); writes DIR/admin.kubeconfig, ready when /readyz answers ok.
                             --capstan.scheduler.enabled=false / --capstan.controllers.enabled=false
                             leave the scheduler / the controllers out.
                  all-in-one the server plus a node agent on this machine (needs root, containerd, runc,
                             CNI plugins, iptables, busybox-static: scripts/install-deps.sh); its node
                             (named after the host) runs real pods in the agent's own containerd
                  scheduler  the scheduler alone, against the API server in FILE; several may run,
                             one leads (Lease kube-system/kube-scheduler); serves /metrics and /healthz
                             over HTTPS on --port (self-signed unless --tls-cert-file); /metrics needs a
                             token whose user may get /metrics (TokenReview + SubjectAccessReview)
                  controller-manager  the controllers alone (Deployment, ReplicaSet, Job, GC, ...); several
                             may run, one leads (Lease kube-system/capstan-controller-manager); serves
                             /metrics and /healthz on --port as the scheduler does
                  node-cleanup --root-dir DIR  after stopping an agent (or
                             all-in-one: DIR = DATA/agent): kills its pods' containers and removes its
                             containerd state, the pod bridge, CNI and Capstan iptables chains (k3s-killall)
                  agent      the node agent (kubelet, service proxy, cluster DNS) on this machine, running
                             pods in containerd over CRI; registers the Node NAME (default: host name);
                             serves /metrics and /healthz over HTTP on --port (10248, like the kubelet's healthz)
                """);
    }
}
