package dev.capstan.api.table;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Service, Endpoints and EndpointSlice. */
final class ServiceColumns {

    /** Lists of addresses show at most this many entries, then "+ N more...". */
    private static final int MAX_LISTED = 3;

    static final KindPrinter SERVICE = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Type", "string", "type determines how the Service is exposed."),
            Column.of("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned"
                    + " randomly."),
            Column.of("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the"
                    + " cluster will also accept traffic for this service."),
            Column.of("Port(s)", "string", "The list of ports that are exposed by this service."),
            Column.ageColumn(),
            Column.wide("Selector", "string", "Route service traffic to pods with label keys and values matching"
                    + " this selector.")),
            (o, now, cells) -> {
                JsonNode spec = o.path("spec");
                List<JsonNode> clusterIps = Fields.list(spec, "clusterIPs");
                String clusterIp = clusterIps.isEmpty() ? Fields.str(spec, "clusterIP")
                        : clusterIps.get(0).asString("");
                String ports = ports(spec);
                cells.add(Fields.name(o))
                        .add(type(spec))
                        .add(clusterIp.isEmpty() ? "<none>" : clusterIp)
                        .add(externalIp(o))
                        .add(ports.isEmpty() ? "<none>" : ports)
                        .add(Fields.age(o, now))
                        .add(Fields.formatLabels(spec.path("selector")));
            });

    static final KindPrinter ENDPOINTS = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Endpoints", "string", "The set of all endpoints is the union of all subsets."),
            Column.ageColumn()),
            (o, now, cells) -> cells.add(Fields.name(o)).add(endpoints(o)).add(Fields.age(o, now)));

    static final KindPrinter ENDPOINT_SLICE = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("AddressType", "string", "addressType specifies the type of address carried by this"
                    + " EndpointSlice."),
            Column.of("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in"
                    + " this slice."),
            Column.of("Endpoints", "string", "endpoints is a list of unique endpoints in this slice."),
            Column.ageColumn()),
            (o, now, cells) -> {
                List<String> ports = new ArrayList<>();
                for (JsonNode p : Fields.list(o, "ports")) {
                    String name = Fields.strOrNull(p, "name");
                    ports.add(p.path("port").isNumber() ? Long.toString(Fields.num(p, "port"))
                            : name != null ? name : "*");
                }
                List<String> addresses = new ArrayList<>();
                for (JsonNode e : Fields.list(o, "endpoints")) {
                    Fields.list(e, "addresses").forEach(a -> addresses.add(a.asString("")));
                }
                cells.add(Fields.name(o))
                        .add(Fields.str(o, "addressType"))
                        .add(listWithMore(ports, ports.size()))
                        .add(listWithMore(addresses, addresses.size()))
                        .add(Fields.age(o, now));
            });

    private ServiceColumns() {
    }

    private static String type(JsonNode spec) {
        String type = Fields.str(spec, "type");
        return type.isEmpty() ? "ClusterIP" : type; // upstream's defaulting
    }

    /** "port/proto" or "port:nodePort/proto", comma-joined. */
    private static String ports(JsonNode spec) {
        List<String> pieces = new ArrayList<>();
        for (JsonNode p : Fields.list(spec, "ports")) {
            String protocol = Fields.str(p, "protocol").isEmpty() ? "TCP" : Fields.str(p, "protocol");
            long nodePort = Fields.num(p, "nodePort");
            pieces.add(Fields.num(p, "port") + (nodePort > 0 ? ":" + nodePort : "") + "/" + protocol);
        }
        return String.join(",", pieces);
    }

    /** Upstream's getServiceExternalIP with wide output (the server never clips). */
    private static String externalIp(JsonNode svc) {
        JsonNode spec = svc.path("spec");
        List<String> externalIps = new ArrayList<>();
        Fields.list(spec, "externalIPs").forEach(ip -> externalIps.add(ip.asString("")));
        switch (type(spec)) {
            case "ClusterIP", "NodePort" -> {
                return externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
            }
            case "LoadBalancer" -> {
                String lb = loadBalancerIngress(svc.path("status").path("loadBalancer"));
                if (!externalIps.isEmpty()) {
                    List<String> all = new ArrayList<>();
                    if (!lb.isEmpty()) {
                        all.addAll(List.of(lb.split(",")));
                    }
                    all.addAll(externalIps);
                    return String.join(",", all);
                }
                return lb.isEmpty() ? "<pending>" : lb;
            }
            case "ExternalName" -> {
                return Fields.str(spec, "externalName");
            }
            default -> {
                return "<unknown>";
            }
        }
    }

    /** The load balancer's IPs, or hostnames where there is no IP, sorted and de-duplicated. */
    static String loadBalancerIngress(JsonNode loadBalancer) {
        TreeSet<String> result = new TreeSet<>();
        for (JsonNode ingress : Fields.list(loadBalancer, "ingress")) {
            if (!Fields.str(ingress, "ip").isEmpty()) {
                result.add(Fields.str(ingress, "ip"));
            } else if (!Fields.str(ingress, "hostname").isEmpty()) {
                result.add(Fields.str(ingress, "hostname"));
            }
        }
        return String.join(",", result);
    }

    /** Upstream's formatEndpoints: "ip:port" per address and port, first three, then "+ N more...". */
    private static String endpoints(JsonNode endpoints) {
        List<JsonNode> subsets = Fields.list(endpoints, "subsets");
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (JsonNode subset : subsets) {
            List<JsonNode> addresses = Fields.list(subset, "addresses");
            List<JsonNode> ports = Fields.list(subset, "ports");
            if (ports.isEmpty()) {
                // headless services may have no ports
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (list.size() == MAX_LISTED) {
                        more = true;
                        break;
                    }
                    list.add(Fields.str(a, "ip"));
                }
                continue;
            }
            for (JsonNode port : ports) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (list.size() == MAX_LISTED) {
                        more = true;
                        break;
                    }
                    list.add(joinHostPort(Fields.str(a, "ip"), Fields.num(port, "port")));
                }
            }
        }
        String joined = String.join(",", list);
        return more ? joined + " + " + (count - MAX_LISTED) + " more..." : joined;
    }

    private static String joinHostPort(String host, long port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Upstream's listWithMoreString over the first three of {@code all}; {@code <unset>} when empty. */
    private static String listWithMore(List<String> all, int count) {
        List<String> shown = all.subList(0, Math.min(MAX_LISTED, all.size()));
        String joined = String.join(",", shown);
        if (count > MAX_LISTED) {
            return joined + " + " + (count - MAX_LISTED) + " more...";
        }
        return joined.isEmpty() ? "<unset>" : joined;
    }
}
