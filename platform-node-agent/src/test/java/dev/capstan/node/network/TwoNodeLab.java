package dev.capstan.node.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two "nodes" on one L2 network, each with one "pod", built from network namespaces so nothing touches the host:
 *
 * <pre>
 *  pod-a eth0 10.42.0.2 -- va0 10.42.0.1  node-a  eth0 192.168.77.1 ==== eth0 192.168.77.2  node-b  vb0 10.42.1.1 -- eth0 10.42.1.2 pod-b
 * </pre>
 *
 * pod-b and node-b run a busybox httpd whose CGI answers with the client address it sees ({@code REMOTE_ADDR}).
 */
final class TwoNodeLab implements AutoCloseable {

    static final String NODE_A_IP = "192.168.77.1";
    static final String NODE_B_IP = "192.168.77.2";
    static final String POD_A_IP = "10.42.0.2";
    static final String POD_B_IP = "10.42.1.2";

    final String nodeA;
    final String nodeB;
    final String podA;
    final String podB;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();

    TwoNodeLab() {
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        nodeA = "capstan-na-" + suffix;
        nodeB = "capstan-nb-" + suffix;
        podA = "capstan-pa-" + suffix;
        podB = "capstan-pb-" + suffix;
    }

    static boolean supported() {
        String probe = "capstan-probe-" + ProcessHandle.current().pid();
        return run("ip", "netns", "add", probe).exit() == 0 && run("ip", "netns", "del", probe).exit() == 0;
    }

    void create(Path docroot) throws IOException {
        for (String ns : List.of(nodeA, nodeB, podA, podB)) {
            ok("ip", "netns", "add", ns);
            namespaces.add(ns);
            ok("ip", "-n", ns, "link", "set", "lo", "up");
        }
        ok("ip", "-n", nodeA, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", nodeB);
        ok("ip", "-n", nodeA, "link", "add", "va0", "type", "veth", "peer", "name", "eth0", "netns", podA);
        ok("ip", "-n", nodeB, "link", "add", "vb0", "type", "veth", "peer", "name", "eth0", "netns", podB);
        ok("ip", "-n", nodeA, "addr", "add", NODE_A_IP + "/24", "dev", "eth0");
        ok("ip", "-n", nodeB, "addr", "add", NODE_B_IP + "/24", "dev", "eth0");
        ok("ip", "-n", nodeA, "addr", "add", "10.42.0.1/24", "dev", "va0");
        ok("ip", "-n", nodeB, "addr", "add", "10.42.1.1/24", "dev", "vb0");
        ok("ip", "-n", podA, "addr", "add", POD_A_IP + "/24", "dev", "eth0");
        ok("ip", "-n", podB, "addr", "add", POD_B_IP + "/24", "dev", "eth0");
        for (String[] link : new String[][] {{nodeA, "eth0"}, {nodeB, "eth0"}, {nodeA, "va0"}, {nodeB, "vb0"},
                {podA, "eth0"}, {podB, "eth0"}}) {
            ok("ip", "-n", link[0], "link", "set", link[1], "up");
        }
        ok("ip", "-n", podA, "route", "add", "default", "via", "10.42.0.1");
        ok("ip", "-n", podB, "route", "add", "default", "via", "10.42.1.1");
        for (String node : List.of(nodeA, nodeB)) {
            ok("ip", "netns", "exec", node, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
        }
        Path cgi = Files.createDirectories(docroot.resolve("cgi-bin")).resolve("who");
        Files.writeString(cgi, "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho \"client=$REMOTE_ADDR\"\n");
        Files.setPosixFilePermissions(cgi, PosixFilePermissions.fromString("rwxr-xr-x"));
        startHttpd(podB, "8080", docroot);
        startHttpd(nodeB, "8081", docroot);
    }

    /** The client address the httpd in {@code server} sees for a request from {@code client}, or nc's error. */
    static String clientSeenBy(String client, String host, int port) {
        for (int attempt = 0; ; attempt++) {
            Result result = runWithInput("GET /cgi-bin/who HTTP/1.0\r\n\r\n", "ip", "netns", "exec", client, "/bin/busybox",
                    "nc", "-w", "3", host, String.valueOf(port));
            int at = result.output().indexOf("client=");
            if (at >= 0) {
                // busybox httpd listens on IPv6 and prints IPv4 clients as [::ffff:a.b.c.d]
                return result.output().substring(at + "client=".length()).strip().replace("[::ffff:", "").replace("]", "");
            }
            if (attempt == 20 || !result.output().contains("refused")) { // refused: the httpd is still starting
                return "no answer: " + result.output().strip();
            }
            sleep();
        }
    }

    String routes(String node) {
        return ok("ip", "-n", node, "-4", "route", "show");
    }

    private void startHttpd(String ns, String port, Path docroot) throws IOException {
        servers.add(new ProcessBuilder("ip", "netns", "exec", ns, "/bin/busybox", "httpd", "-f", "-p", port,
                "-h", docroot.toString()).redirectErrorStream(true).start());
    }

    @Override
    public void close() {
        for (Process server : servers) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }
        for (String ns : namespaces) {
            run("ip", "netns", "del", ns);
        }
    }

    static String ok(String... command) {
        Result result = run(command);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + result.exit() + ": " + result.output());
        }
        return result.output();
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
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
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

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Result(int exit, String output) {
    }
}
