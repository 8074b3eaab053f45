package dev.capstan.api.admission.webhook;

import dev.capstan.api.admission.AdmissionAttributes;
import dev.capstan.api.admission.AdmissionOrder;
import dev.capstan.api.admission.ClusterReader;
import dev.capstan.api.admission.ValidatingAdmission;

/** Upstream's ValidatingAdmissionWebhook: the ValidatingWebhookConfigurations' webhooks, which allow or refuse. */
public final class ValidatingWebhookAdmission implements ValidatingAdmission {

    public static final String NAME = "ValidatingAdmissionWebhook";

    private final WebhookDispatcher dispatcher;

    public ValidatingWebhookAdmission(ClusterReader reader) {
        this.dispatcher = new WebhookDispatcher(reader, "validatingwebhookconfigurations", false);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.VALIDATING_ADMISSION_WEBHOOK;
    }

    @Override
    public void validate(AdmissionAttributes attributes) {
        if (WebhookDispatcher.handles(attributes.operation())) {
            dispatcher.dispatch(attributes);
        }
    }
}
