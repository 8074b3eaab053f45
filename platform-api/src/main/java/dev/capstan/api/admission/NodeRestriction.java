package dev.capstan.api.admission;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's NodeRestriction: a node's identity ({@code system:node:<name>} in group {@code system:nodes}) may
 * modify only its own Node object (not its taints once registered) and only pods bound to it: it creates mirror
 * pods only, updates the status of its pods, deletes and evicts its pods.
 */
public final class NodeRestriction implements ValidatingAdmission {

    public static final String NAME = "NodeRestriction";
    static final String NODES_GROUP = "system:nodes";
    static final String NODE_PREFIX = "system:node:";

    private final ClusterReader reader;

    public NodeRestriction(ClusterReader reader) {
        this.reader = reader;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.NODE_RESTRICTION;
    }

    @Override
    public void validate(AdmissionAttributes a) {
        String node = nodeName(a);
        if (node == null || !a.group().isEmpty()) {
            return;
        }
        if (a.resource().equals("nodes")) {
            nodes(a, node);
        } else if (a.resource().equals("pods")) {
            pods(a, node);
        }
    }

    /** The node a request comes from, or null when it does not come from a node. */
    static String nodeName(AdmissionAttributes a) {
        String user = a.user().name();
        if (!a.user().inGroup(NODES_GROUP) || !user.startsWith(NODE_PREFIX)) {
            return null;
        }
        String name = user.substring(NODE_PREFIX.length());
        return name.isEmpty() ? null : name;
    }

    private static void nodes(AdmissionAttributes a, String node) {
        String target = a.name().isEmpty() && a.object() != null ? a.object().path("metadata").path("name").asString("")
                : a.name();
        if (!node.equals(target)) {
            throw AdmissionErrors.forbidden(a, "node \"" + node + "\" is not allowed to modify node \"" + target + "\"");
        }
        if (a.operation() == Operation.UPDATE && a.subresource() == null && a.oldObject() != null
                && !a.object().path("spec").path("taints").equals(a.oldObject().path("spec").path("taints"))) {
            throw AdmissionErrors.forbidden(a, "node \"" + node + "\" is not allowed to modify taints");
        }
    }

    private void pods(AdmissionAttributes a, String node) {
        String sub = a.subresource() == null ? "" : a.subresource();
        switch (sub) {
            case "" -> mainPod(a, node);
            case "status" -> {
                if (!node.equals(boundNode(a.oldObject()))) {
                    throw AdmissionErrors.forbidden(a, "node \"" + node
                            + "\" can only update pod status for pods with spec.nodeName set to itself");
                }
            }
            case "eviction" -> {
                if (!node.equals(boundNode(a.oldObject() != null ? a.oldObject() : current(a)))) {
                    throw AdmissionErrors.forbidden(a, "node \"" + node
                            + "\" can only evict pods with spec.nodeName set to itself");
                }
            }
            default -> throw AdmissionErrors.forbidden(a, "unexpected subresource \"" + sub + "\", node \"" + node
                    + "\" can only update pod status and evict pods");
        }
    }

    private void mainPod(AdmissionAttributes a, String node) {
        switch (a.operation()) {
            case CREATE -> {
                ObjectNode pod = a.object();
                if (!pod.path("metadata").path("annotations").has(ServiceAccountAdmission.MIRROR_ANNOTATION)) {
                    throw AdmissionErrors.forbidden(a, "pod does not have \"" + ServiceAccountAdmission.MIRROR_ANNOTATION
                            + "\" annotation, node \"" + node + "\" can only create mirror pods");
                }
                if (!node.equals(boundNode(pod))) {
                    throw AdmissionErrors.forbidden(a, "node \"" + node
                            + "\" can only create pods with spec.nodeName set to itself");
                }
            }
            case DELETE -> {
                if (!node.equals(boundNode(a.oldObject()))) {
                    throw AdmissionErrors.forbidden(a, "node \"" + node
                            + "\" can only delete pods with spec.nodeName set to itself");
                }
            }
            default -> throw AdmissionErrors.forbidden(a, "unexpected operation \"" + a.operation() + "\", node \""
                    + node + "\" can only create and delete mirror pods");
        }
    }

    private ObjectNode current(AdmissionAttributes a) {
        return reader.get("", "pods", a.namespace(), a.name()).orElse(null);
    }

    private static String boundNode(JsonNode pod) {
        return pod == null ? "" : pod.path("spec").path("nodeName").asString("");
    }
}
