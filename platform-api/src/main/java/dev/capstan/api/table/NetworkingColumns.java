package dev.capstan.api.table;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** networking.k8s.io: Ingress, IngressClass and NetworkPolicy. */
final class NetworkingColumns {

    private static final int MAX_HOSTS = 3;

    static final KindPrinter INGRESS = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Class", "string", "The name of the IngressClass resource that should be used for"
                    + " additional configuration"),
            Column.of("Hosts", "string", "Hosts that incoming requests are matched against before the ingress"
                    + " rule"),
            Column.of("Address", "string", "Address is a list containing ingress points for the load-balancer"),
            Column.of("Ports", "string", "Ports of TLS configurations that open"),
            Column.ageColumn()),
            (o, now, cells) -> {
                JsonNode spec = o.path("spec");
                String className = Fields.strOrNull(spec, "ingressClassName");
                cells.add(Fields.name(o))
                        .add(className == null ? "<none>" : className)
                        .add(hosts(Fields.list(spec, "rules")))
                        .add(ServiceColumns.loadBalancerIngress(o.path("status").path("loadBalancer")))
                        .add(Fields.count(spec, "tls") > 0 ? "80, 443" : "80")
                        .add(Fields.age(o, now));
            });

    static final KindPrinter INGRESS_CLASS = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Controller", "string", "Controller that is responsible for handling this class"),
            Column.of("Parameters", "string", "A reference to a resource with additional parameters"),
            Column.ageColumn()),
            (o, now, cells) -> {
                JsonNode params = o.path("spec").path("parameters");
                String parameters = "<none>";
                if (params.isObject()) {
                    String apiGroup = Fields.strOrNull(params, "apiGroup");
                    parameters = Fields.str(params, "kind") + (apiGroup == null ? "" : "." + apiGroup)
                            + "/" + Fields.str(params, "name");
                }
                cells.add(Fields.name(o))
                        .add(Fields.str(o, "spec", "controller"))
                        .add(parameters)
                        .add(Fields.age(o, now));
            });

    static final KindPrinter NETWORK_POLICY = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies."),
            Column.ageColumn()),
            (o, now, cells) -> cells.add(Fields.name(o))
                    .add(Selectors.format(o.path("spec").path("podSelector")))
                    .add(Fields.age(o, now)));

    private NetworkingColumns() {
    }

    /** The first three rule hosts, "+ N more..." (counted over all rules), "*" when no rule names a host. */
    private static String hosts(List<JsonNode> rules) {
        List<String> list = new ArrayList<>();
        boolean more = false;
        for (JsonNode rule : rules) {
            if (list.size() == MAX_HOSTS) {
                more = true;
            }
            String host = Fields.str(rule, "host");
            if (!more && !host.isEmpty()) {
                list.add(host);
            }
        }
        if (list.isEmpty()) {
            return "*";
        }
        String joined = String.join(",", list);
        return more ? joined + " + " + (rules.size() - MAX_HOSTS) + " more..." : joined;
    }
}
