package dev.capstan.api.admission;

import dev.capstan.api.certificates.CertificateSigningRequestStrategy;
import dev.capstan.api.certificates.SignerAccess;

/**
 * Upstream's CertificateApproval: approving or denying a CertificateSigningRequest (its {@code approval}
 * subresource) needs the verb {@code approve} on {@code signers} named after the request's signerName (or
 * {@code <domain>/*}) besides {@code update} on {@code certificatesigningrequests/approval}.
 */
public final class CertificateApproval implements ValidatingAdmission {

    private final SignerAccess signers;

    public CertificateApproval(SignerAccess signers) {
        this.signers = signers;
    }

    @Override
    public String name() {
        return "CertificateApproval";
    }

    @Override
    public int order() {
        return AdmissionOrder.CERTIFICATE_APPROVAL;
    }

    @Override
    public void validate(AdmissionAttributes a) {
        if (a.operation() != Operation.UPDATE || !CertificateSigning.isCsr(a) || !"approval".equals(a.subresource())) {
            return;
        }
        String signer = CertificateSigningRequestStrategy.signerName(a.oldObject());
        if (!signers.allowed(a.user(), "approve", signer)) {
            throw AdmissionErrors.forbidden(a, "user not permitted to approve requests with signerName \"" + signer + "\"");
        }
    }
}
