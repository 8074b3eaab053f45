package dev.capstan.api.table;

/**
 * Column descriptions. NAME and the creation timestamp carry upstream's ObjectMeta documentation verbatim, and
 * printer-specific texts are upstream's literals. Where upstream quotes a field's generated API documentation we
 * carry its first sentence only: no client prints descriptions in a table, and the full texts change with every
 * release.
 */
final class Descriptions {

    static final String NAME = "Name must be unique within a namespace. Is required when creating resources, although"
            + " some resources may allow a client to request the generation of an appropriate name automatically."
            + " Name is primarily intended for creation idempotence and configuration definition. Cannot be updated."
            + " More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    static final String CREATION_TIMESTAMP = "CreationTimestamp is a timestamp representing the server time when"
            + " this object was created. It is not guaranteed to be set in happens-before order across separate"
            + " operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
            + "Populated by the system. Read-only. Null for lists. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    static final String CONTAINERS = "Names of each container in the template.";
    static final String IMAGES = "Images referenced by each container in the template.";
    static final String SELECTOR = "A label query over pods that should match the replica count.";
    static final String READY_PODS = "Number of the pod with ready state";

    private Descriptions() {
    }
}
