package dev.capstan.api.admission.webhook;

import dev.capstan.api.admission.AdmissionAttributes;
import dev.capstan.api.admission.AdmissionOrder;
import dev.capstan.api.admission.ClusterReader;
import dev.capstan.api.admission.MutatingAdmission;

/** Upstream's MutatingAdmissionWebhook: the MutatingWebhookConfigurations' webhooks, which may patch the object. */
public final class MutatingWebhookAdmission implements MutatingAdmission {

    public static final String NAME = "MutatingAdmissionWebhook";

    private final WebhookDispatcher dispatcher;

    public MutatingWebhookAdmission(ClusterReader reader) {
        this.dispatcher = new WebhookDispatcher(reader, "mutatingwebhookconfigurations", true);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.MUTATING_ADMISSION_WEBHOOK;
    }

    @Override
    public void admit(AdmissionAttributes attributes) {
        if (WebhookDispatcher.handles(attributes.operation())) {
            dispatcher.dispatch(attributes);
        }
    }
}
