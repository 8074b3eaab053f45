package dev.capstan.api.admission;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The enabled plugins in order: every mutating plugin, then (after the kind's validation) every validating one.
 * The first refusal ends the request.
 */
public final class AdmissionChain {

    private static final AdmissionChain NONE = new AdmissionChain(List.of(), Set.of());

    private final List<MutatingAdmission> mutating;
    private final List<ValidatingAdmission> validating;

    /** @param disabled plugin names switched off ({@code capstan.api.admission.disabled-plugins}) */
    public AdmissionChain(Collection<? extends AdmissionPlugin> plugins, Set<String> disabled) {
        List<AdmissionPlugin> enabled = plugins.stream().filter(p -> !disabled.contains(p.name()))
                .sorted(Comparator.comparingInt(AdmissionPlugin::order)).map(p -> (AdmissionPlugin) p).toList();
        this.mutating = enabled.stream().filter(MutatingAdmission.class::isInstance).map(MutatingAdmission.class::cast)
                .toList();
        this.validating = enabled.stream().filter(ValidatingAdmission.class::isInstance)
                .map(ValidatingAdmission.class::cast).toList();
    }

    /** No plugins: what a bare ObjectStore (unit tests, tools) runs. */
    public static AdmissionChain none() {
        return NONE;
    }

    public void admit(AdmissionAttributes attributes) {
        for (MutatingAdmission plugin : mutating) {
            plugin.admit(attributes);
        }
    }

    public void validate(AdmissionAttributes attributes) {
        for (ValidatingAdmission plugin : validating) {
            plugin.validate(attributes);
        }
    }

    /** The enabled plugin names in order, mutating first (for logs and tests). */
    public List<String> names() {
        return java.util.stream.Stream.concat(mutating.stream(), validating.stream()).map(AdmissionPlugin::name)
                .distinct().toList();
    }
}
