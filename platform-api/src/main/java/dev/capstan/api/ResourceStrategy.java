package dev.capstan.api;

import dev.capstan.api.security.UserInfo;
import dev.capstan.api.validation.FieldError;
import dev.capstan.api.validation.NameRule;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A kind's behaviour on the generic write path, in the order the store calls it: prepare (defaulting, dropping
 * what the caller may not set), then validate. Methods get the object as a mutable JSON tree and must be
 * idempotent: the store may call them again on a retry. Every method has a default that suits a plain kind.
 */
public interface ResourceStrategy {

    /** The rule an object's name must follow (most kinds: a DNS-1123 subdomain). */
    default NameRule nameRule() {
        return NameRule.DNS1123_SUBDOMAIN;
    }

    /** Sets defaults and clears what a create may not set (e.g. status of a kind with a status subresource). */
    default void prepareForCreate(ObjectNode object) {
    }

    /**
     * {@link #prepareForCreate(ObjectNode)} for kinds that record who asks (a CertificateSigningRequest's
     * {@code spec.username}); {@code user} is null when the write does not come from a request.
     */
    default void prepareForCreate(ObjectNode object, UserInfo user) {
        prepareForCreate(object);
    }

    /** Sets defaults on an update; {@code old} is the stored object and must not be changed. */
    default void prepareForUpdate(ObjectNode object, ObjectNode old) {
    }

    /**
     * {@link #prepareForUpdate(ObjectNode, ObjectNode)} for kinds whose subresources change different fields
     * (a CertificateSigningRequest's {@code approval}); {@code subresource} is null for the main resource.
     */
    default void prepareForUpdate(ObjectNode object, ObjectNode old, String subresource) {
        prepareForUpdate(object, old);
    }

    /** The errors of a new object (beyond the generic metadata checks); empty when valid. */
    default List<FieldError> validate(ObjectNode object) {
        return List.of();
    }

    /** The errors of an update (immutable fields and the like); empty when valid. */
    default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
        return validate(object);
    }

    /** {@link #validateUpdate(ObjectNode, ObjectNode)} of a write to {@code subresource} (null: the main resource). */
    default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old, String subresource) {
        return validateUpdate(object, old);
    }

    /**
     * How long a delete waits before the object is removed, in seconds, or 0 to remove it at once. Only pods
     * bound to a node delete gracefully (the node agent confirms); {@code requested} is the caller's
     * {@code gracePeriodSeconds}, or null.
     */
    default long gracePeriodSeconds(ObjectNode object, Long requested) {
        return 0;
    }

    /**
     * Whether something besides {@code metadata.finalizers} holds the object back from deletion (a namespace's
     * {@code spec.finalizers}); such an object is marked deleting instead of removed.
     */
    default boolean holdsDeletion(ObjectNode object) {
        return false;
    }

    /** Changes an object being marked for deletion (a namespace's phase becomes Terminating). */
    default void prepareForDeletion(ObjectNode object) {
    }
}
