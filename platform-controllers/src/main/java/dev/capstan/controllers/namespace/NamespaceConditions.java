package dev.capstan.controllers.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The namespace deleter's status conditions, as upstream's status_condition_utils.go: each of the five
 * condition types is always present, True with the failure reason and message, or False with the "ok"
 * reason and message. Pure.
 */
public final class NamespaceConditions {

    public static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    public static final String GV_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    public static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    public static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    public static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    static final List<String> TYPES = List.of(DISCOVERY_FAILURE, GV_PARSING_FAILURE, CONTENT_FAILURE, CONTENT_REMAINING,
            FINALIZERS_REMAINING);

    private static final Map<String, String[]> OK = Map.of(
            DISCOVERY_FAILURE, new String[] {"ResourcesDiscovered", "All resources successfully discovered"},
            GV_PARSING_FAILURE, new String[] {"ParsedGroupVersions", "All legacy kube types successfully parsed"},
            CONTENT_FAILURE, new String[] {"ContentDeleted", "All content successfully deleted, may be waiting on finalization"},
            CONTENT_REMAINING, new String[] {"ContentRemoved", "All content successfully removed"},
            FINALIZERS_REMAINING, new String[] {"ContentRemoved", "All content successfully removed"});

    private NamespaceConditions() {
    }

    /** The failing conditions a pass over the content produced (types absent here are "ok"). */
    static Map<String, String[]> failures(ContentTotals totals) {
        Map<String, String[]> failed = new LinkedHashMap<>();
        if (totals.discoveryError() != null) {
            failed.put(DISCOVERY_FAILURE, new String[] {"DiscoveryFailed", totals.discoveryError()});
        }
        if (!totals.deleteErrors().isEmpty()) {
            List<String> messages = totals.deleteErrors().stream().sorted().toList();
            failed.put(CONTENT_FAILURE, new String[] {"ContentDeletionFailed", "Failed to delete all resource types, "
                    + messages.size() + " remaining: " + String.join(", ", messages)});
        }
        List<String> remaining = totals.remaining().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " has " + e.getValue() + " resource instances").sorted().toList();
        if (!totals.remaining().isEmpty() && !remaining.isEmpty()) {
            failed.put(CONTENT_REMAINING, new String[] {"SomeResourcesRemain", "Some resources are remaining: " + String.join(", ", remaining)});
        }
        List<String> byFinalizer = totals.finalizers().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " in " + e.getValue() + " resource instances").sorted().toList();
        if (!byFinalizer.isEmpty()) {
            failed.put(FINALIZERS_REMAINING, new String[] {"SomeFinalizerRemain", "Some finalizers are remaining: " + String.join(", ", byFinalizer)});
        }
        return failed;
    }

    /**
     * The namespace's new conditions, or null when they would not change: conditions keep their
     * lastTransitionTime unless their status flips (upstream updateConditions); unrelated ones stay.
     */
    public static List<NamespaceCondition> update(List<NamespaceCondition> old, ContentTotals totals, Instant now) {
        Map<String, String[]> failed = failures(totals);
        List<NamespaceCondition> next = new ArrayList<>(old == null ? List.of() : old);
        boolean changed = false;
        for (String type : TYPES) {
            String[] reasonMessage = failed.getOrDefault(type, OK.get(type));
            String status = failed.containsKey(type) ? "True" : "False";
            int at = indexOf(next, type);
            NamespaceCondition existing = at < 0 ? null : next.get(at);
            if (existing != null && status.equals(existing.getStatus()) && reasonMessage[0].equals(existing.getReason())
                    && Objects.equals(reasonMessage[1], existing.getMessage())) {
                continue;
            }
            String transition = existing != null && status.equals(existing.getStatus())
                    ? existing.getLastTransitionTime() : now.toString();
            NamespaceCondition condition = new NamespaceConditionBuilder().withType(type).withStatus(status)
                    .withReason(reasonMessage[0]).withMessage(reasonMessage[1]).withLastTransitionTime(transition).build();
            if (at < 0) {
                next.add(condition);
            } else {
                next.set(at, condition);
            }
            changed = true;
        }
        return changed ? next : null;
    }

    /**
     * The order content is deleted in: workload controllers before what they create (so a ReplicaSet does
     * not replace the pods being deleted), then everything else by name, for stable passes. Upstream deletes
     * in no particular order and relies on retries; this only makes passes converge sooner.
     */
    public static List<ContentResource> deletionOrder(List<ContentResource> resources) {
        List<String> first = List.of("cronjobs", "deployments", "statefulsets", "daemonsets", "jobs", "replicasets",
                "replicationcontrollers", "pods");
        return resources.stream().sorted(Comparator.<ContentResource>comparingInt(r -> {
            int i = first.indexOf(r.plural());
            return i < 0 ? first.size() : i;
        }).thenComparing(ContentResource::group).thenComparing(ContentResource::plural)).toList();
    }

    private static int indexOf(List<NamespaceCondition> conditions, String type) {
        for (int i = 0; i < conditions.size(); i++) {
            if (type.equals(conditions.get(i).getType())) {
                return i;
            }
        }
        return -1;
    }
}
