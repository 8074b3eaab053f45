package dev.capstan.node.dns;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** A {@link ClusterDnsServer} on a free loopback port and a dnsjava client pointed at it. */
final class RunningDns implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final MeterRegistry registry = new SimpleMeterRegistry();
    final ClusterDnsServer server;

    RunningDns(ServiceDirectory directory, String clusterDomain, List<InetSocketAddress> upstreams) {
        DnsSettings settings = new DnsSettings(LOOPBACK, 0, clusterDomain, upstreams,
                Duration.ofMillis(500), DnsSettings.DEFAULT_TTL_SECONDS);
        server = new ClusterDnsServer(settings, directory, registry);
        server.start();
    }

    RunningDns(ServiceDirectory directory) {
        this(directory, "cluster.local", List.of());
    }

    InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, server.port());
    }

    /** A UDP client with EDNS as dnsjava sends it by default; truncated answers are retried over TCP. */
    SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(address());
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver;
    }

    Message query(String name, int type) {
        return send(resolver(), name, type);
    }

    static Message send(SimpleResolver resolver, String name, int type) {
        try {
            return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
