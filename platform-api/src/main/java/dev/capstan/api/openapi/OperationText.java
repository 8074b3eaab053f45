package dev.capstan.api.openapi;

import java.util.List;

/** What both renderers say the same way: descriptions and the content types of requests and responses. */
final class OperationText {

    /**
     * The patch types kubectl may send. Strategic merge patch is deliberately left out: kubectl computes such a
     * patch from this document when the PATCH operation lists it, and the Fabric8 classes know no patch merge keys,
     * so lists would be replaced wholesale. Without it kubectl falls back to its compiled-in types, which are right.
     */
    static final List<String> PATCH_TYPES = List.of("application/apply-patch+yaml", "application/json-patch+json",
            "application/merge-patch+json");
    static final List<String> JSON_TYPES = List.of("application/json", "application/yaml");

    private OperationText() {
    }

    static String describe(Operation op) {
        String kind = op.gvk() == null ? "" : op.gvk().kind();
        return switch (op.action()) {
            case "list" -> "list or watch objects of kind " + kind;
            case "post" -> "create a " + kind;
            case "deletecollection" -> "delete collection of " + kind;
            case "get" -> op.gvk() == null ? "read a stream of the subresource" : "read the specified " + kind;
            case "put" -> "replace the specified " + kind;
            case "patch" -> "partially update the specified " + kind;
            case "delete" -> "delete a " + kind;
            default -> "connect to the subresource";
        };
    }
}
