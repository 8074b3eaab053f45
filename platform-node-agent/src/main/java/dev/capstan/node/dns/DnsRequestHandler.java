package dev.capstan.node.dns;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one DNS request (wire format) into one response (wire format): answers the cluster zone and cluster
 * reverse names authoritatively, forwards the rest, counts metrics and applies the transport's size limit.
 * Transport-independent and thread-safe; called concurrently by the UDP and TCP listeners.
 */
final class DnsRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(DnsRequestHandler.class);

    /** Classic DNS limit for UDP clients that do not send EDNS. */
    static final int CLASSIC_UDP_SIZE = 512;
    /** EDNS buffer size we advertise: the DNS Flag Day 2020 value, safe from IP fragmentation. */
    static final int ADVERTISED_UDP_SIZE = 1232;
    private static final int TCP_MAX_SIZE = 65535;

    private final ClusterZone zone;
    private final ReverseZone reverse;
    private final UpstreamForwarder forwarder;
    private final DnsMetrics metrics;

    DnsRequestHandler(ClusterZone zone, ReverseZone reverse, UpstreamForwarder forwarder, DnsMetrics metrics) {
        this.zone = zone;
        this.reverse = reverse;
        this.forwarder = forwarder;
        this.metrics = metrics;
    }

    /**
     * The response to {@code request} received over {@code proto} ("udp" or "tcp"), or null if nothing should
     * be sent (the packet is a response or too short to carry a header). UDP responses larger than the
     * client's limit (512 bytes, or its EDNS buffer size) are truncated with the TC bit set.
     */
    byte[] handle(byte[] request, String proto) {
        Message query;
        try {
            query = new Message(request);
        } catch (IOException malformed) {
            return request.length < 12 ? null : formatError(request);
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return null;
        }
        Record question = query.getQuestion();
        metrics.request(proto, question == null ? 0 : question.getType());
        Message response;
        try {
            response = resolve(query);
        } catch (RuntimeException e) {
            log.warn("query failed question={} error={}", question, e.toString(), e);
            response = error(query, Rcode.SERVFAIL);
        }
        OPTRecord clientOpt = query.getOPT();
        if (clientOpt != null) {
            response.addRecord(new OPTRecord(ADVERTISED_UDP_SIZE, 0, 0), Section.ADDITIONAL);
        }
        metrics.response(response.getRcode());
        int limit = "udp".equals(proto) ? udpLimit(clientOpt) : TCP_MAX_SIZE;
        return response.toWire(limit);
    }

    private Message resolve(Message query) {
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return error(query, Rcode.NOTIMP);
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            return error(query, Rcode.FORMERR);
        }
        boolean internet = question.getDClass() == DClass.IN || question.getDClass() == DClass.ANY;
        if (internet && zone.contains(question.getName())) {
            return authoritative(query, question);
        }
        if (internet && question.getType() == Type.PTR) {
            List<Record> pointers = reverse.ptrRecords(question.getName());
            if (!pointers.isEmpty()) {
                Message response = newResponse(query, true);
                pointers.forEach(record -> response.addRecord(record, Section.ANSWER));
                return response;
            }
        }
        return forwarder.forward(query).orElseGet(() -> error(query, Rcode.SERVFAIL));
    }

    private Message authoritative(Message query, Record question) {
        int qtype = question.getType();
        Message response = newResponse(query, true);
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        ZoneAnswer answer = zone.lookup(question.getName());
        if (!answer.exists()) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            response.addRecord(zone.soa(), Section.AUTHORITY);
            return response;
        }
        List<Record> cnames = ofType(answer.records(), Type.CNAME);
        if (!cnames.isEmpty() && qtype != Type.CNAME && qtype != Type.ANY) {
            // Like CoreDNS: the ExternalName CNAME plus the target's records, so stub resolvers need no second query.
            cnames.forEach(record -> response.addRecord(record, Section.ANSWER));
            chase(((CNAMERecord) cnames.get(0)).getTarget(), qtype)
                    .forEach(record -> response.addRecord(record, Section.ANSWER));
            return response;
        }
        List<Record> matching = qtype == Type.ANY ? answer.records() : ofType(answer.records(), qtype);
        if (matching.isEmpty()) {
            response.addRecord(zone.soa(), Section.AUTHORITY);
            return response;
        }
        matching.forEach(record -> response.addRecord(record, Section.ANSWER));
        answer.additional().forEach(record -> response.addRecord(record, Section.ADDITIONAL));
        return response;
    }

    /** Records of {@code qtype} at a CNAME target: from the zone if inside it, else from upstream (best effort). */
    private List<Record> chase(Name target, int qtype) {
        if (zone.contains(target)) {
            return ofType(zone.lookup(target).records(), qtype);
        }
        Message query = Message.newQuery(Record.newRecord(target, qtype, DClass.IN));
        return forwarder.forward(query)
                .filter(response -> response.getRcode() == Rcode.NOERROR)
                .map(response -> response.getSection(Section.ANSWER))
                .orElse(List.of());
    }

    private static List<Record> ofType(List<Record> records, int type) {
        return records.stream().filter(record -> record.getType() == type).toList();
    }

    private static Message newResponse(Message query, boolean authoritative) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setFlag(Flags.RA);
        if (authoritative) {
            response.getHeader().setFlag(Flags.AA);
        }
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return response;
    }

    private static Message error(Message query, int rcode) {
        Message response = newResponse(query, false);
        response.getHeader().setRcode(rcode);
        return response;
    }

    private byte[] formatError(byte[] request) {
        Message response = new Message(((request[0] & 0xff) << 8) | (request[1] & 0xff));
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(Rcode.FORMERR);
        metrics.response(Rcode.FORMERR);
        return response.toWire();
    }

    private static int udpLimit(OPTRecord clientOpt) {
        return clientOpt == null ? CLASSIC_UDP_SIZE : Math.max(CLASSIC_UDP_SIZE, clientOpt.getPayloadSize());
    }
}
