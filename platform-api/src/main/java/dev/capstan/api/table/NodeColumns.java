package dev.capstan.api.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Nodes: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. */
final class NodeColumns {

    private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";

    static final KindPrinter NODE = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Status", "string", "The status of the node"),
            Column.of("Roles", "string", "The roles of the node"),
            Column.ageColumn(),
            Column.of("Version", "string", "Kubelet Version reported by the node."),
            Column.wide("Internal-IP", "string", "List of addresses reachable to the node."),
            Column.wide("External-IP", "string", "List of addresses reachable to the node."),
            Column.wide("OS-Image", "string", "OS Image reported by the node from /etc/os-release"
                    + " (e.g. Debian GNU/Linux 7 (wheezy))."),
            Column.wide("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r'"
                    + " (e.g. 3.16.0-0.bpo.4-amd64)."),
            Column.wide("Container-Runtime", "string", "ContainerRuntime Version reported by the node through"
                    + " runtime remote API (e.g. containerd://1.4.2).")),
            NodeColumns::cells);

    private NodeColumns() {
    }

    private static void cells(JsonNode node, Instant now, ArrayNode cells) {
        JsonNode info = node.path("status").path("nodeInfo");
        cells.add(Fields.name(node));
        cells.add(status(node));
        cells.add(roles(node));
        cells.add(Fields.age(node, now));
        cells.add(Fields.str(info, "kubeletVersion"));
        cells.add(address(node, "InternalIP"));
        cells.add(address(node, "ExternalIP"));
        cells.add(orUnknown(Fields.str(info, "osImage")));
        cells.add(orUnknown(Fields.str(info, "kernelVersion")));
        cells.add(orUnknown(Fields.str(info, "containerRuntimeVersion")));
    }

    /** Ready / NotReady from the Ready condition (Unknown without one), plus SchedulingDisabled when cordoned. */
    private static String status(JsonNode node) {
        List<String> status = new ArrayList<>();
        JsonNode ready = null;
        for (JsonNode c : Fields.list(node, "status", "conditions")) {
            if (Fields.str(c, "type").equals("Ready")) {
                ready = c; // the last one wins, as upstream's map does
            }
        }
        if (ready != null) {
            status.add(Fields.str(ready, "status").equals("True") ? "Ready" : "NotReady");
        } else {
            status.add("Unknown");
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    private static String roles(JsonNode node) {
        TreeSet<String> roles = new TreeSet<>();
        JsonNode labels = node.path("metadata").path("labels");
        if (labels.isObject()) {
            for (Map.Entry<String, JsonNode> e : labels.properties()) {
                String key = e.getKey();
                String value = e.getValue().asString("");
                if (key.startsWith(ROLE_LABEL_PREFIX) && key.length() > ROLE_LABEL_PREFIX.length()) {
                    roles.add(key.substring(ROLE_LABEL_PREFIX.length()));
                } else if (key.equals(ROLE_LABEL) && !value.isEmpty()) {
                    roles.add(value);
                }
            }
        }
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode a : Fields.list(node, "status", "addresses")) {
            if (Fields.str(a, "type").equals(type)) {
                return Fields.str(a, "address");
            }
        }
        return "<none>";
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }
}
