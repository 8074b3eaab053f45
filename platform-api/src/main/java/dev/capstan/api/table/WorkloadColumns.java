package dev.capstan.api.table;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Deployment, ReplicaSet, StatefulSet, DaemonSet and ReplicationController. spec.replicas reads as 1 when absent,
 * the value upstream's defaulting stores.
 */
final class WorkloadColumns {

    static final KindPrinter DEPLOYMENT = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Ready", "string", Descriptions.READY_PODS),
            Column.of("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment"
                    + " that have the desired template spec."),
            Column.of("Available", "string", "Total number of available pods (ready for at least minReadySeconds)"
                    + " targeted by this deployment."),
            Column.ageColumn(),
            Column.wide("Containers", "string", Descriptions.CONTAINERS),
            Column.wide("Images", "string", Descriptions.IMAGES),
            Column.wide("Selector", "string", "Label selector for pods.")),
            (o, now, cells) -> {
                String selector;
                try {
                    selector = Selectors.asSelectorString(o.path("spec").path("selector"));
                } catch (Selectors.InvalidSelector e) {
                    selector = "<invalid>";
                }
                cells.add(Fields.name(o))
                        .add(Fields.num(o, "status", "readyReplicas") + "/" + replicas(o))
                        .add(Fields.num(o, "status", "updatedReplicas"))
                        .add(Fields.num(o, "status", "availableReplicas"))
                        .add(Fields.age(o, now));
                containers(o, cells);
                cells.add(selector);
            });

    static final KindPrinter REPLICA_SET = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Desired", "integer", "Replicas is the number of desired pods."),
            Column.of("Current", "integer", "Replicas is the most recently observed number of replicas."),
            Column.of("Ready", "integer", "The number of ready replicas for this replica set."),
            Column.ageColumn(),
            Column.wide("Containers", "string", Descriptions.CONTAINERS),
            Column.wide("Images", "string", Descriptions.IMAGES),
            Column.wide("Selector", "string", Descriptions.SELECTOR)),
            (o, now, cells) -> {
                cells.add(Fields.name(o))
                        .add(replicas(o))
                        .add(Fields.num(o, "status", "replicas"))
                        .add(Fields.num(o, "status", "readyReplicas"))
                        .add(Fields.age(o, now));
                containers(o, cells);
                cells.add(Selectors.format(o.path("spec").path("selector")));
            });

    static final KindPrinter REPLICATION_CONTROLLER = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Desired", "integer", "Replicas is the number of desired replicas."),
            Column.of("Current", "integer", "Replicas is the most recently observed number of replicas."),
            Column.of("Ready", "integer", "The number of ready replicas for this replication controller."),
            Column.ageColumn(),
            Column.wide("Containers", "string", Descriptions.CONTAINERS),
            Column.wide("Images", "string", Descriptions.IMAGES),
            Column.wide("Selector", "string", "Selector is a label query over pods that should match the"
                    + " Replicas count.")),
            (o, now, cells) -> {
                cells.add(Fields.name(o))
                        .add(replicas(o))
                        .add(Fields.num(o, "status", "replicas"))
                        .add(Fields.num(o, "status", "readyReplicas"))
                        .add(Fields.age(o, now));
                containers(o, cells);
                // An RC's selector is a plain label map, not a LabelSelector.
                cells.add(Fields.formatLabels(o.path("spec").path("selector")));
            });

    static final KindPrinter STATEFUL_SET = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Ready", "string", Descriptions.READY_PODS),
            Column.ageColumn(),
            Column.wide("Containers", "string", Descriptions.CONTAINERS),
            Column.wide("Images", "string", Descriptions.IMAGES)),
            (o, now, cells) -> {
                cells.add(Fields.name(o))
                        .add(Fields.num(o, "status", "readyReplicas") + "/" + replicas(o))
                        .add(Fields.age(o, now));
                containers(o, cells);
            });

    static final KindPrinter DAEMON_SET = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Desired", "integer", "The total number of nodes that should be running the daemon pod"
                    + " (including nodes correctly running the daemon pod)."),
            Column.of("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are"
                    + " supposed to run the daemon pod."),
            Column.of("Ready", "integer", "The number of nodes that should be running the daemon pod and have one"
                    + " or more of the daemon pod running and ready."),
            Column.of("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
            Column.of("Available", "integer", "The number of nodes that should be running the daemon pod and have"
                    + " one or more of the daemon pod running and available (ready for at least"
                    + " spec.minReadySeconds)"),
            Column.of("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit"
                    + " on a node."),
            Column.ageColumn(),
            Column.wide("Containers", "string", Descriptions.CONTAINERS),
            Column.wide("Images", "string", Descriptions.IMAGES),
            Column.wide("Selector", "string", "A label query over pods that are managed by the daemon set.")),
            (o, now, cells) -> {
                JsonNode status = o.path("status");
                cells.add(Fields.name(o))
                        .add(Fields.num(status, "desiredNumberScheduled"))
                        .add(Fields.num(status, "currentNumberScheduled"))
                        .add(Fields.num(status, "numberReady"))
                        .add(Fields.num(status, "updatedNumberScheduled"))
                        .add(Fields.num(status, "numberAvailable"))
                        .add(Fields.formatLabels(Fields.at(o, "spec", "template", "spec", "nodeSelector")))
                        .add(Fields.age(o, now));
                containers(o, cells);
                cells.add(Selectors.format(o.path("spec").path("selector")));
            });

    private WorkloadColumns() {
    }

    private static long replicas(JsonNode o) {
        return Fields.num(o, 1, "spec", "replicas");
    }

    /** The CONTAINERS and IMAGES cells of spec.template. */
    static void containers(JsonNode o, ArrayNode cells) {
        String[] namesAndImages = Fields.containerCells(Fields.at(o, "spec", "template", "spec", "containers"));
        cells.add(namesAndImages[0]).add(namesAndImages[1]);
    }
}
