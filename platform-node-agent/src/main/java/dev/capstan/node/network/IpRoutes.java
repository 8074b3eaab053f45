package dev.capstan.node.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's pod routes through iproute2's {@code ip route}. The JVM has no netlink API, and the netlink libraries
 * for Java (JNA/JNR bindings) are large, thinly maintained and would be the agent's only native dependency for three
 * commands run a few times a minute; the {@code ip} tool is on every node the agent already needs it on (CNI uses it).
 *
 * <p>Every route the agent installs carries the routing protocol {@value #PROTOCOL} ({@code proto 67}): that mark,
 * kept by the kernel, is how the agent knows which routes are its own, across restarts, without a state file. It is
 * not a number iproute2's {@code rt_protos} names, nor Calico's (80).
 */
public final class IpRoutes {

    /** The routing protocol number that marks the agent's routes. */
    public static final int PROTOCOL = 67;

    private final List<String> commandPrefix;

    /** Programs the agent's own network namespace. */
    public IpRoutes() {
        this(List.of());
    }

    /** @param commandPrefix prepended to every command, e.g. {@code ip netns exec NAME} in tests */
    public IpRoutes(List<String> commandPrefix) {
        this.commandPrefix = List.copyOf(commandPrefix);
    }

    /** The routes carrying {@link #PROTOCOL} whose destination is inside {@code clusterCidr}, with a gateway. */
    public List<NodeRoute> installed(Ipv4Block clusterCidr) throws IOException {
        String output = run("ip", "-4", "route", "show", "proto", Integer.toString(PROTOCOL));
        return parse(output, clusterCidr);
    }

    /** {@code ip route replace <cidr> via <ip> proto 67}: adds the route or re-points an existing one to the gateway. */
    public void replace(NodeRoute route) throws IOException {
        run("ip", "-4", "route", "replace", route.destination().toString(), "via", route.gateway(),
                "proto", Integer.toString(PROTOCOL));
    }

    /** {@code ip route del <cidr> via <ip> proto 67}; only a route the agent installed matches. */
    public void delete(NodeRoute route) throws IOException {
        run("ip", "-4", "route", "del", route.destination().toString(), "via", route.gateway(),
                "proto", Integer.toString(PROTOCOL));
    }

    /** Lines such as {@code 10.42.1.0/24 via 192.168.1.12 dev eth0}; others (no gateway, outside the CIDR) are skipped. */
    static List<NodeRoute> parse(String output, Ipv4Block clusterCidr) {
        List<NodeRoute> routes = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 3 || !Ipv4Block.isIpv4(words[0])) {
                continue;
            }
            Ipv4Block destination = Ipv4Block.parse(words[0]);
            for (int i = 1; i + 1 < words.length; i++) {
                if ("via".equals(words[i]) && clusterCidr.contains(destination)) {
                    routes.add(new NodeRoute(destination, words[i + 1]));
                    break;
                }
            }
        }
        return routes;
    }

    private String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var stdout = process.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output.strip());
        }
        return output;
    }
}
