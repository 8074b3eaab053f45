package dev.capstan.api.admission;

import dev.capstan.api.errors.ApiException;

/** Admission's refusals, worded as upstream's {@code admission.NewForbidden} words them. */
public final class AdmissionErrors {

    private AdmissionErrors() {
    }

    /** 403: {@code <resource> "<name>" is forbidden: <why>} (the name left out when empty, as upstream does). */
    public static ApiException forbidden(AdmissionAttributes a, String why) {
        String resource = a.definition().qualifiedResource();
        String name = a.name();
        if (name.isEmpty() && a.object() != null) {
            name = a.object().path("metadata").path("name").asString("");
        }
        String message = name.isEmpty() ? resource + " is forbidden: " + why
                : resource + " \"" + name + "\" is forbidden: " + why;
        return new ApiException(403, "Forbidden", message,
                ApiException.Details.of(name.isEmpty() ? null : name, a.group(), a.resource()));
    }
}
