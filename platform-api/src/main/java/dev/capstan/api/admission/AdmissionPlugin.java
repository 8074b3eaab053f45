package dev.capstan.api.admission;

/**
 * An admission plugin: a bean with a name (upstream's plugin name, used by
 * {@code capstan.api.admission.disabled-plugins}) and an order. A plugin implements {@link MutatingAdmission},
 * {@link ValidatingAdmission} or both; a jar adds one by declaring a bean.
 */
public interface AdmissionPlugin {

    /** Upstream's plugin name, e.g. {@code NamespaceLifecycle}. */
    String name();

    /** The position in the chain: lower runs first (see {@link AdmissionOrder} for upstream's recommended order). */
    int order();
}
