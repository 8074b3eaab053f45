package dev.capstan.node.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tears down what a {@link ManagedContainerd} and its CNI network leave on the host, for when a node is
 * decommissioned (or a test ends). Call it after {@link ManagedContainerd#close()}. Idempotent; each step tolerates
 * that its object is already gone.
 *
 * <p>Removed, in order:
 * <ol>
 * <li>containers still running: {@code runc delete --force} for every container in our runc root (kills its
 *     processes and removes its cgroup); for pod sandboxes also their network namespace
 *     ({@code /var/run/netns/cni-*}, which takes the pod's veth with it) and CNI's cached result
 *     ({@code /var/lib/cni/results/capstan-<id>-eth0}, {@code cni-loopback-<id>-lo}); then the
 *     {@code containerd-shim-runc-v2} processes started with our socket as {@code -address};</li>
 * <li>every mount below the base directory (container rootfs overlays, sandbox {@code /dev/shm}), deepest first;</li>
 * <li>the pod bridge ({@code ip link delete <bridge>}), which also drops the host end of any leftover veth;</li>
 * <li>the bridge plugin's {@code ipMasq} rules: each nat {@code POSTROUTING} rule whose source is in the pod subnet and
 *     whose target is a {@code CNI-*} chain, then that chain ({@code -F}, {@code -X}); and for the sandboxes found
 *     in step 1, portmap's {@code CNI-DN-*} chains and the jumps to them from {@code CNI-HOSTPORT-DNAT};</li>
 * <li>the base directory: config, socket, log, containerd root and state, runc root, CNI config and IP allocations.</li>
 * </ol>
 *
 * <p>Left on purpose, shared with any other CNI or containerd user of the host:
 * {@code net.ipv4.ip_forward = 1} (set by the bridge plugin); portmap's {@code CNI-HOSTPORT-*} nat chains and their
 * jumps from {@code PREROUTING}/{@code OUTPUT}/{@code POSTROUTING} (shared by all CNI networks; per-pod
 * {@code CNI-DN-*} chains are removed by CNI DEL); the empty directories {@code /run/containerd/s} (shim sockets,
 * a path compiled into containerd 1.6), {@code /var/run/netns} and {@code /var/lib/cni/results}; empty
 * {@code k8s.io} cgroup directories when pods ran without a cgroup parent (other runtimes' pods may be in them).
 * Not found: a sandbox whose runc state is already gone (its network namespace then stays until reboot).
 */
public final class ContainerdCleanup {

    private static final Logger log = LoggerFactory.getLogger(ContainerdCleanup.class);

    /** Where CRI (containerd 1.6, a fixed path) bind-mounts pod network namespaces. */
    private static final Pattern NETNS_PATH = Pattern.compile("/(?:var/)?run/netns/cni-[0-9a-f-]+");
    /** libcni's result cache, a fixed path in containerd 1.6's go-cni. */
    private static final Path CNI_RESULTS = Path.of("/var/lib/cni/results");

    private ContainerdCleanup() {
    }

    /** Every step listed on the class; throws only if the base directory cannot be deleted. */
    public static void removeAll(ContainerdSettings settings) throws IOException {
        ContainerdLayout layout = settings.layout();
        Set<String> sandboxes = deleteContainers(layout);
        killShims(layout.socket());
        unmountBelow(layout.baseDir());
        removeNetwork(settings);
        removePodRules(sandboxes);
        deleteTree(layout.baseDir());
    }

    /**
     * Before containerd starts: a bridge of the same name left with an address outside the pod subnet (an earlier
     * agent with another subnet) makes every sandbox fail with "already has an IP address different from ...";
     * CNI never fixes it, so it is deleted here. A bridge already in the subnet is kept (its pods may still run).
     */
    public static void removeStaleBridge(ContainerdSettings settings) throws IOException {
        HostCommand show = HostCommand.run("ip", "-4", "-o", "addr", "show", "dev", settings.bridgeName());
        if (!show.succeeded() || show.output().isBlank()) {
            return;
        }
        Cidr subnet = Cidr.parse(settings.podSubnet());
        for (String line : show.output().split("\n")) {
            String[] columns = line.trim().split("\\s+");
            for (int i = 0; i + 1 < columns.length; i++) {
                if (columns[i].equals("inet") && !subnet.contains(columns[i + 1].split("/")[0])) {
                    HostCommand deleted = HostCommand.run("ip", "link", "delete", settings.bridgeName());
                    log.warn("stale bridge deleted name={} address={} subnet={} ok={}", settings.bridgeName(), columns[i + 1],
                            settings.podSubnet(), deleted.succeeded());
                    return;
                }
            }
        }
    }

    /** Steps 3 and 4: the bridge and the pod subnet's masquerade chains. */
    public static void removeNetwork(ContainerdSettings settings) throws IOException {
        if (HostCommand.run("ip", "link", "show", settings.bridgeName()).succeeded()) {
            HostCommand deleted = HostCommand.run("ip", "link", "delete", settings.bridgeName());
            log.info("bridge deleted name={} ok={} {}", settings.bridgeName(), deleted.succeeded(),
                    deleted.output().strip());
        }
        removeMasqueradeChains(Cidr.parse(settings.podSubnet()));
    }

    private static void removeMasqueradeChains(Cidr subnet) throws IOException {
        removeRulesAndTargets("POSTROUTING", columns -> subnet.contains(columns[4]));
    }

    /**
     * The nat rules CNI made for sandboxes that were never torn down (each carries {@code id: "<sandbox id>"} in
     * its comment): the bridge plugin's masquerade jump in {@code POSTROUTING} and portmap's per-pod
     * {@code CNI-DN-*} jump in {@code CNI-HOSTPORT-DNAT}, with the chains they jump to.
     */
    private static void removePodRules(Set<String> sandboxes) throws IOException {
        if (sandboxes.isEmpty()) {
            return;
        }
        for (String chain : List.of("POSTROUTING", "CNI-HOSTPORT-DNAT")) {
            removeRulesAndTargets(chain, columns -> sandboxes.stream()
                    .anyMatch(id -> String.join(" ", columns).contains("id: \"" + id + "\"")));
        }
    }

    /**
     * Deletes the rules of nat {@code chain} that jump to a {@code CNI-*} chain and match {@code selector} (given
     * the columns of {@code iptables -L -n --line-numbers}: num, target, prot, opt, source, destination, ...), then
     * flushes and deletes their target chains.
     */
    private static void removeRulesAndTargets(String chain, Predicate<String[]> selector) throws IOException {
        HostCommand listing = HostCommand.run("iptables", "-w", "-t", "nat", "-L", chain, "-n", "--line-numbers");
        if (!listing.succeeded()) {
            log.debug("cannot list nat {}: {}", chain, listing.output().strip());
            return;
        }
        List<Integer> rules = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        for (String line : listing.output().lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 6 && columns[0].matches("\\d+") && columns[1].startsWith("CNI-")
                    && selector.test(columns)) {
                rules.add(Integer.parseInt(columns[0]));
                targets.add(columns[1]);
            }
        }
        // from the bottom up, so the numbers of the rules still to delete stay valid
        rules.sort(Comparator.reverseOrder());
        for (int rule : rules) {
            HostCommand.run("iptables", "-w", "-t", "nat", "-D", chain, Integer.toString(rule));
        }
        for (String target : targets) {
            HostCommand.run("iptables", "-w", "-t", "nat", "-F", target);
            HostCommand.run("iptables", "-w", "-t", "nat", "-X", target);
        }
        if (!targets.isEmpty()) {
            log.info("nat rules removed chain={} targets={}", chain, targets);
        }
    }

    /** Deletes every container; returns the ids of those that were pod sandboxes (had a network namespace). */
    private static Set<String> deleteContainers(ContainerdLayout layout) throws IOException {
        Set<String> sandboxes = new LinkedHashSet<>();
        if (!Files.isDirectory(layout.runcRoot())) {
            return sandboxes;
        }
        // runc keeps one root per containerd namespace (k8s.io for CRI), one directory per container in it.
        try (Stream<Path> namespaces = Files.list(layout.runcRoot())) {
            for (Path namespace : namespaces.filter(Files::isDirectory).toList()) {
                try (Stream<Path> containers = Files.list(namespace)) {
                    for (Path container : containers.filter(Files::isDirectory).toList()) {
                        if (deleteContainer(namespace, container)) {
                            sandboxes.add(container.getFileName().toString());
                        }
                    }
                }
            }
        }
        return sandboxes;
    }

    /**
     * Kills and deletes one runc container. A pod sandbox's runc state names the network namespace CRI made for it
     * ({@code /var/run/netns/cni-...}); that is removed too, which destroys the pod's veth, as is CNI's result cache
     * for the sandbox (named by network and sandbox id), since CNI DEL will never run for it.
     */
    private static boolean deleteContainer(Path namespace, Path container) throws IOException {
        String id = container.getFileName().toString();
        Set<String> netnsPaths = new LinkedHashSet<>();
        try {
            Matcher netns = NETNS_PATH.matcher(Files.readString(container.resolve("state.json")));
            while (netns.find()) {
                netnsPaths.add(netns.group());
            }
        } catch (IOException noState) {
            // a container runc never finished creating has no state; runc delete copes
        }
        HostCommand deleted = HostCommand.run("runc", "--root", namespace.toString(), "delete", "--force", id);
        log.info("container deleted id={} ok={}", id, deleted.succeeded());
        for (String netnsPath : netnsPaths) {
            HostCommand.run("umount", netnsPath);
            Files.deleteIfExists(Path.of(netnsPath));
            log.info("network namespace removed path={}", netnsPath);
        }
        if (!netnsPaths.isEmpty()) {
            Files.deleteIfExists(CNI_RESULTS.resolve(ContainerdSettings.NETWORK_NAME + "-" + id + "-eth0"));
            Files.deleteIfExists(CNI_RESULTS.resolve("cni-loopback-" + id + "-lo"));
        }
        return !netnsPaths.isEmpty();
    }

    private static void killShims(Path socket) throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path proc : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                List<String> args;
                try {
                    args = List.of(Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8).split("\0"));
                } catch (IOException gone) {
                    continue;
                }
                int address = args.indexOf("-address");
                if (!args.isEmpty() && args.get(0).endsWith("containerd-shim-runc-v2") && address >= 0
                        && address + 1 < args.size() && args.get(address + 1).equals(socket.toString())) {
                    ProcessHandle.of(Long.parseLong(proc.getFileName().toString()))
                            .ifPresent(ProcessHandle::destroyForcibly);
                    log.info("shim killed pid={}", proc.getFileName());
                }
            }
        }
    }

    private static void unmountBelow(Path baseDir) throws IOException {
        String prefix = baseDir.toAbsolutePath().normalize() + "/";
        List<String> mountPoints = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            // field 5 is the mount point, with spaces etc. octal-escaped
            String mountPoint = line.split(" ")[4].replace("\\040", " ");
            if (mountPoint.startsWith(prefix)) {
                mountPoints.add(mountPoint);
            }
        }
        mountPoints.sort(Comparator.comparingInt(String::length).reversed());
        for (String mountPoint : mountPoints) {
            HostCommand unmounted = HostCommand.run("umount", "-l", mountPoint);
            log.info("unmounted path={} ok={}", mountPoint, unmounted.succeeded());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
