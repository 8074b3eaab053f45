package dev.capstan.node.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Forwards queries for names outside the cluster zone to upstream resolvers, trying them in order until one
 * answers (any answer, NXDOMAIN and SERVFAIL included, is relayed as-is, like CoreDNS's {@code forward}; only
 * a timeout or I/O error moves on to the next). Uses UDP and retries over TCP when the upstream truncates, so
 * the relayed message is complete and the server truncates it for its own client if needed.
 * Thread-safe: the resolvers are only configured once.
 */
final class UpstreamForwarder {

    private static final Logger log = LoggerFactory.getLogger(UpstreamForwarder.class);

    private final List<SimpleResolver> resolvers = new ArrayList<>();

    UpstreamForwarder(List<InetSocketAddress> upstreams, Duration timeout) {
        for (InetSocketAddress upstream : upstreams) {
            SimpleResolver resolver = new SimpleResolver(upstream);
            resolver.setTimeout(timeout);
            resolvers.add(resolver);
        }
    }

    boolean hasUpstreams() {
        return !resolvers.isEmpty();
    }

    /**
     * The first upstream answer to {@code query}, with the query's ID and without the upstream's OPT record
     * (the server adds its own EDNS); empty if every upstream failed or none is configured.
     */
    Optional<Message> forward(Message query) {
        for (SimpleResolver resolver : resolvers) {
            try {
                Message response = resolver.send(query.clone());
                return Optional.of(relayable(response, query.getHeader().getID()));
            } catch (IOException | RuntimeException e) {
                log.debug("upstream failed upstream={} question={} error={}",
                        resolver.getAddress(), query.getQuestion(), e.toString());
            }
        }
        return Optional.empty();
    }

    private static Message relayable(Message response, int id) {
        Message relay = response.clone();
        relay.getHeader().setID(id);
        for (Record record : new ArrayList<>(relay.getSection(Section.ADDITIONAL))) {
            if (record.getType() == Type.OPT) {
                relay.removeRecord(record, Section.ADDITIONAL);
            }
        }
        return relay;
    }
}
