package dev.capstan.api.openapi;

import dev.capstan.api.openapi.Operation.Gvk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plans the paths and operations of one kind the way the upstream apiserver publishes them: the namespaced (or
 * cluster) collection and item paths, the all-namespaces list, and the subresources. kubectl finds a resource's
 * schema from the {@code x-kubernetes-group-version-kind} of these operations, and decides that the server
 * validates fields itself when the PATCH operation declares the {@code fieldValidation} parameter.
 */
final class EndpointPlanner {

    private static final Param NAME = Param.path("name", "name of the object");
    private static final Param NAMESPACE = Param.path("namespace", "object name and auth scope, such as for teams and projects");
    private static final Param PRETTY = Param.query("pretty", "string", "If 'true', then the output is pretty printed.");
    private static final List<Param> WRITE = List.of(
            Param.query("dryRun", "string", "When present, indicates that modifications should not be persisted."),
            Param.query("fieldManager", "string", "A name associated with the actor or entity that is making these changes."),
            Param.query("fieldValidation", "string",
                    "How the server treats unknown or duplicate fields in the body: Ignore, Warn or Strict."));
    private static final Param FORCE = Param.query("force", "boolean", "Force is going to \"force\" Apply requests.");
    private static final List<Param> LIST = List.of(
            Param.query("allowWatchBookmarks", "boolean", "requests watch events with type \"BOOKMARK\"."),
            Param.query("continue", "string", "The continue option, from a previous list response."),
            Param.query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields."),
            Param.query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels."),
            Param.query("limit", "integer", "The maximum number of responses to return for a list call."),
            Param.query("resourceVersion", "string", "Sets a constraint on what resource versions a request may be served from."),
            Param.query("resourceVersionMatch", "string", "Determines how resourceVersion is applied to list calls."),
            Param.query("sendInitialEvents", "boolean", "Whether a watch starts with synthetic events of the current state."),
            Param.query("timeoutSeconds", "integer", "Timeout for the list/watch call."),
            Param.query("watch", "boolean", "Watch for changes to the described resources."));
    private static final List<Param> DELETE = List.of(
            Param.query("dryRun", "string", "When present, indicates that modifications should not be persisted."),
            Param.query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted."),
            Param.query("propagationPolicy", "string", "Whether and how garbage collection will be performed."));
    private static final List<Param> LOG = List.of(
            Param.query("container", "string", "The container for which to stream logs."),
            Param.query("follow", "boolean", "Follow the log stream of the pod."),
            Param.query("previous", "boolean", "Return previous terminated container logs."),
            Param.query("sinceSeconds", "integer", "A relative time in seconds before the current time to show logs from."),
            Param.query("tailLines", "integer", "The number of lines from the end of the logs to show."),
            Param.query("timestamps", "boolean", "Add an RFC3339 timestamp at the beginning of every line."));

    private final Definitions definitions;

    EndpointPlanner(Definitions definitions) {
        this.definitions = definitions;
    }

    /** The path items of one kind, in a stable order. */
    List<PathItem> plan(ApiKind kind) {
        String self = definitions.kind(kind);
        String list = definitions.list(kind);
        Gvk gvk = new Gvk(kind.group(), kind.version(), kind.kind());
        String id = groupVersionId(kind);
        String scope = kind.namespaced() ? "Namespaced" : "";
        String collection = kind.urlPrefix() + (kind.namespaced() ? "/namespaces/{namespace}/" : "/") + kind.plural();
        String item = collection + "/{name}";
        List<Param> collectionParams = kind.namespaced() ? List.of(NAMESPACE) : List.of();
        List<Param> itemParams = kind.namespaced() ? List.of(NAME, NAMESPACE) : List.of(NAME);
        List<PathItem> items = new ArrayList<>();

        List<Operation> onCollection = new ArrayList<>();
        if (kind.verbs().contains("list")) {
            onCollection.add(new Operation("get", "list", "list" + id + scope + kind.kind(), gvk, LIST,
                    null, false, false, list));
        }
        if (kind.verbs().contains("create")) {
            onCollection.add(new Operation("post", "post", "create" + id + scope + kind.kind(), gvk, WRITE,
                    self, true, false, self));
        }
        if (kind.verbs().contains("deletecollection")) {
            List<Param> params = new ArrayList<>(DELETE);
            params.addAll(LIST);
            onCollection.add(new Operation("delete", "deletecollection", "deleteCollection" + id + scope + kind.kind(),
                    gvk, params, definitions.deleteOptions(), false, false, definitions.status()));
        }
        add(items, collection, collectionParams, onCollection);

        List<Operation> onItem = new ArrayList<>();
        if (kind.verbs().contains("get")) {
            onItem.add(new Operation("get", "get", "read" + id + scope + kind.kind(), gvk, List.of(),
                    null, false, false, self));
        }
        if (kind.verbs().contains("update")) {
            onItem.add(new Operation("put", "put", "replace" + id + scope + kind.kind(), gvk, WRITE,
                    self, true, false, self));
        }
        if (kind.verbs().contains("patch")) {
            onItem.add(patch("patch" + id + scope + kind.kind(), gvk, self));
        }
        if (kind.verbs().contains("delete")) {
            onItem.add(new Operation("delete", "delete", "delete" + id + scope + kind.kind(), gvk, DELETE,
                    definitions.deleteOptions(), false, false, definitions.status()));
        }
        add(items, item, itemParams, onItem);

        if (kind.namespaced() && kind.verbs().contains("list")) {
            add(items, kind.urlPrefix() + "/" + kind.plural(), List.of(), List.of(new Operation("get", "list",
                    "list" + id + kind.kind() + "ForAllNamespaces", gvk, LIST, null, false, false, list)));
        }
        for (String subresource : kind.subresources().stream().sorted().toList()) {
            String opSuffix = id + scope + kind.kind() + capitalize(subresource);
            add(items, item + "/" + subresource, itemParams, subresource(kind, subresource, opSuffix, gvk, self));
        }
        return items;
    }

    private List<Operation> subresource(ApiKind kind, String subresource, String suffix, Gvk parent, String self) {
        List<Operation> ops = new ArrayList<>();
        switch (subresource) {
            case "status", "scale" -> {
                boolean scale = subresource.equals("scale");
                Gvk gvk = scale ? new Gvk("autoscaling", "v1", "Scale") : parent;
                String body = scale ? definitions.scale() : self;
                if (kind.verbs().contains("get")) {
                    ops.add(new Operation("get", "get", "read" + suffix, gvk, List.of(), null, false, false, body));
                }
                if (kind.verbs().contains("update")) {
                    ops.add(new Operation("put", "put", "replace" + suffix, gvk, WRITE, body, true, false, body));
                }
                if (kind.verbs().contains("patch")) {
                    ops.add(patch("patch" + suffix, gvk, body));
                }
            }
            case "binding" -> ops.add(new Operation("post", "post", "create" + suffix, new Gvk("", "v1", "Binding"),
                    WRITE, definitions.binding(), true, false, definitions.binding()));
            case "eviction" -> ops.add(new Operation("post", "post", "create" + suffix,
                    new Gvk("policy", "v1", "Eviction"), WRITE, definitions.eviction(), true, false,
                    definitions.eviction()));
            case "log" -> ops.add(new Operation("get", "get", "read" + suffix, null, LOG, null, false, false, null));
            default -> {
                // exec, attach, portforward, proxy: streaming "connect" operations without a schema.
                ops.add(new Operation("get", "connect", "connectGet" + suffix, null, List.of(), null, false, false, null));
                ops.add(new Operation("post", "connect", "connectPost" + suffix, null, List.of(), null, false, false, null));
            }
        }
        return ops;
    }

    private static Operation patch(String operationId, Gvk gvk, String response) {
        List<Param> params = new ArrayList<>(WRITE);
        params.add(FORCE);
        return new Operation("patch", "patch", operationId, gvk, params, Definitions.PATCH, true, true, response);
    }

    private static void add(List<PathItem> items, String path, List<Param> pathParams, List<Operation> operations) {
        if (!operations.isEmpty()) {
            List<Param> params = new ArrayList<>(pathParams);
            params.add(PRETTY);
            items.add(new PathItem(path, params, List.copyOf(operations)));
        }
    }

    /** "CoreV1", "AppsV1", "RbacAuthorizationV1": the group-version part of upstream's operation ids. */
    static String groupVersionId(ApiKind kind) {
        String group = kind.group().isEmpty() ? "core" : kind.group().replaceFirst("\\.k8s\\.io$", "");
        StringBuilder id = new StringBuilder();
        for (String part : group.split("[.-]")) {
            id.append(capitalize(part));
        }
        return id.append(capitalize(kind.version())).toString();
    }

    private static String capitalize(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
