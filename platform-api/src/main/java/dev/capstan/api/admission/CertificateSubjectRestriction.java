package dev.capstan.api.admission;

import dev.capstan.api.certificates.CertificateRequestPem;
import dev.capstan.api.certificates.CertificateSigningRequestStrategy;
import dev.capstan.api.security.UserInfo;

/**
 * Upstream's CertificateSubjectRestriction: no CertificateSigningRequest for the
 * {@code kubernetes.io/kube-apiserver-client} signer may ask for the group {@code system:masters} (whoever signs
 * it would make a cluster admin).
 */
public final class CertificateSubjectRestriction implements ValidatingAdmission {

    static final String API_SERVER_CLIENT = "kubernetes.io/kube-apiserver-client";

    @Override
    public String name() {
        return "CertificateSubjectRestriction";
    }

    @Override
    public int order() {
        return AdmissionOrder.CERTIFICATE_SUBJECT_RESTRICTION;
    }

    @Override
    public void validate(AdmissionAttributes a) {
        if (a.operation() != Operation.CREATE || !CertificateSigning.isCsr(a) || a.subresource() != null
                || !API_SERVER_CLIENT.equals(CertificateSigningRequestStrategy.signerName(a.object()))) {
            return;
        }
        CertificateRequestPem request;
        try {
            request = CertificateRequestPem.parseBase64(a.object().path("spec").path("request").asString(""));
        } catch (IllegalArgumentException e) {
            return; // validation has refused it already
        }
        if (request.organizations().contains(UserInfo.MASTERS_GROUP)) {
            throw AdmissionErrors.forbidden(a, "use of " + API_SERVER_CLIENT + " signer with " + UserInfo.MASTERS_GROUP
                    + " group is not allowed");
        }
    }
}
