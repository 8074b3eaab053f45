package dev.capstan.api.admission;

/** A plugin that accepts or refuses a validated object (upstream's {@code ValidationInterface}). */
public interface ValidatingAdmission extends AdmissionPlugin {

    /**
     * Refuses the request by throwing an {@link dev.capstan.api.errors.ApiException}; must not change the object.
     * Called on a blocking thread after the kind's validation, right before the store write.
     */
    void validate(AdmissionAttributes attributes);
}
