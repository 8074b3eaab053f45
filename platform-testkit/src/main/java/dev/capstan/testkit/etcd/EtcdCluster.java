package dev.capstan.testkit.etcd;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A real multi-member etcd cluster for tests: N {@link EtcdProcess} members on free loopback client and peer ports,
 * bootstrapped together with a static {@code --initial-cluster}, as an HA control plane runs it. A member can be
 * killed ({@link #member(int)}{@code .kill()}) and started again on the same ports and data: the cluster keeps
 * serving while a quorum runs. {@link #close()} stops every member and deletes the data.
 *
 * <pre>{@code
 * try (EtcdCluster etcd = EtcdCluster.start(3)) {
 *     String servers = etcd.clientUrls(); // http://127.0.0.1:a,http://127.0.0.1:b,http://127.0.0.1:c
 * }
 * }</pre>
 */
public final class EtcdCluster implements ProcessFixture {

    private final List<EtcdProcess> members = new ArrayList<>();

    /** Picks ports and data directories for {@code size} members; starts nothing yet. */
    public EtcdCluster(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an etcd cluster has at least one member");
        }
        for (int i = 0; i < size; i++) {
            members.add(new EtcdProcess("member-" + i, null));
        }
        String initialCluster = members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
        String token = "capstan-" + UUID.randomUUID();
        members.forEach(m -> m.initialCluster(initialCluster, token));
    }

    /** A new cluster of {@code size} members, started and healthy (closed again if it does not come up). */
    public static EtcdCluster start(int size) {
        return ProcessFixture.started(new EtcdCluster(size));
    }

    /**
     * Launches every member, then waits until each answers healthy: a member is healthy only once the cluster has
     * a leader, which needs a quorum running, so members cannot be started one after another.
     */
    @Override
    public EtcdCluster start() {
        members.forEach(EtcdProcess::launch);
        members.forEach(EtcdProcess::awaitHealthy);
        return this;
    }

    /** Member {@code index} (0-based), e.g. to kill and restart it. */
    public EtcdProcess member(int index) {
        return members.get(index);
    }

    public int size() {
        return members.size();
    }

    /** Every member's client URL, comma-separated: the value of {@code --etcd-servers}. */
    public String clientUrls() {
        return members.stream().map(EtcdProcess::clientUrl).collect(Collectors.joining(","));
    }

    /** Stops every member and deletes its data. */
    @Override
    public void close() {
        members.forEach(EtcdProcess::close);
    }
}
