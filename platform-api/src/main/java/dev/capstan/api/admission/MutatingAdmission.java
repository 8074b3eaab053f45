package dev.capstan.api.admission;

/** A plugin that may change the object before it is validated (upstream's {@code MutationInterface}). */
public interface MutatingAdmission extends AdmissionPlugin {

    /**
     * Changes {@code attributes.object()} in place, or refuses the request by throwing an
     * {@link dev.capstan.api.errors.ApiException}. Called on a blocking thread, after the kind's defaulting and
     * before its validation; may be called again for the same request when the store retries a lost race.
     */
    void admit(AdmissionAttributes attributes);
}
