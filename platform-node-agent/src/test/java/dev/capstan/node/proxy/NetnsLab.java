package dev.capstan.node.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A little network built from namespaces, so the proxy's rules are tested in a namespace of their own and never
 * touch the host's iptables:
 *
 * <pre>
 *  client ns                 node ns (iptables under test)              pod ns
 *  eth0 10.200.1.2/24 ---- vc0 10.200.1.1/24   vp0 10.244.9.1/24 ---- eth0 10.244.9.2/24, busybox httpd :8080
 * </pre>
 */
final class NetnsLab implements AutoCloseable {

    static final String NODE_IP = "10.200.1.1";
    static final String POD_IP = "10.244.9.2";

    final String node;
    final String client;
    final String pod;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    NetnsLab() {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        node = "capstan-node-" + suffix;
        client = "capstan-client-" + suffix;
        pod = "capstan-pod-" + suffix;
    }

    /** Whether this machine lets us build the lab: root and a working {@code ip netns}. */
    static boolean supported() {
        String probe = "capstan-probe-" + ProcessHandle.current().pid();
        try {
            return run("ip", "netns", "add", probe).exit == 0 && run("ip", "netns", "del", probe).exit == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    void create() throws IOException {
        for (String ns : List.of(node, client, pod)) {
            ok("ip", "netns", "add", ns);
            namespaces.add(ns);
            ok("ip", "-n", ns, "link", "set", "lo", "up");
        }
        // The veths are created inside the node namespace, so nothing ever appears in the host's namespace.
        ok("ip", "-n", node, "link", "add", "vc0", "type", "veth", "peer", "name", "eth0", "netns", client);
        ok("ip", "-n", node, "link", "add", "vp0", "type", "veth", "peer", "name", "eth0", "netns", pod);
        ok("ip", "-n", node, "addr", "add", NODE_IP + "/24", "dev", "vc0");
        ok("ip", "-n", node, "addr", "add", "10.244.9.1/24", "dev", "vp0");
        ok("ip", "-n", client, "addr", "add", "10.200.1.2/24", "dev", "eth0");
        ok("ip", "-n", pod, "addr", "add", POD_IP + "/24", "dev", "eth0");
        for (String[] link : new String[][] {{node, "vc0"}, {node, "vp0"}, {client, "eth0"}, {pod, "eth0"}}) {
            ok("ip", "-n", link[0], "link", "set", link[1], "up");
        }
        ok("ip", "-n", client, "route", "add", "default", "via", NODE_IP);
        ok("ip", "-n", pod, "route", "add", "default", "via", "10.244.9.1");
        // A real node routes service IPs by its default route; this lab's node has none, so give the service CIDR
        // one, else packets to a service without endpoints die in routing before the REJECT rule sees them.
        ok("ip", "-n", node, "route", "add", "10.96.0.0/12", "dev", "vp0");
        // sysctls are per network namespace; these are the ones KernelSettings sets on a real node.
        ok("ip", "netns", "exec", node, "sh", "-c",
                "echo 1 > /proc/sys/net/ipv4/ip_forward && echo 1 > /proc/sys/net/ipv4/conf/all/route_localnet");
    }

    /** Starts {@code busybox httpd} in the pod namespace serving {@code body} on port 8080. */
    void startHttpServer(String body, Path docroot) throws IOException {
        Files.writeString(docroot.resolve("index.html"), body);
        processes.add(new ProcessBuilder("ip", "netns", "exec", pod, "/bin/busybox", "httpd", "-f", "-p", "8080",
                "-h", docroot.toString()).redirectErrorStream(true).start());
    }

    /**
     * An HTTP GET with {@code busybox nc} run in {@code namespace}; the result carries the response or nc's error
     * ("Connection refused", "timed out"). (busybox-static 1.35's wget segfaults here, hence nc.)
     */
    static Result httpGet(String namespace, String host, int port) {
        return runWithInput("GET / HTTP/1.0\r\n\r\n",
                "ip", "netns", "exec", namespace, "/bin/busybox", "nc", "-w", "10", host, String.valueOf(port));
    }

    static Result run(String... command) {
        return runWithInput(null, command);
    }

    private static Result runWithInput(String input, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.US_ASCII));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " hung");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String ok(String... command) {
        Result result = run(command);
        if (result.exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + result.exit + ": " + result.output);
        }
        return result.output;
    }

    /** Stops the servers and deletes the namespaces (which deletes their veths and iptables rules too). */
    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (String ns : namespaces) {
            run("ip", "netns", "del", ns);
        }
    }

    record Result(int exit, String output) {
    }
}
