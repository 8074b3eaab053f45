package dev.capstan.api.admission;

import dev.capstan.api.certificates.CertificateSigningRequestStrategy;
import dev.capstan.api.certificates.SignerAccess;
import java.util.Objects;

/**
 * Upstream's CertificateSigning: a {@code status} write that changes {@code status.certificate} of a
 * CertificateSigningRequest needs the verb {@code sign} on {@code signers} named after its signerName (or
 * {@code <domain>/*}).
 */
public final class CertificateSigning implements ValidatingAdmission {

    private final SignerAccess signers;

    public CertificateSigning(SignerAccess signers) {
        this.signers = signers;
    }

    @Override
    public String name() {
        return "CertificateSigning";
    }

    @Override
    public int order() {
        return AdmissionOrder.CERTIFICATE_SIGNING;
    }

    @Override
    public void validate(AdmissionAttributes a) {
        if (a.operation() != Operation.UPDATE || !isCsr(a) || !"status".equals(a.subresource())) {
            return;
        }
        String certificate = a.object().path("status").path("certificate").asString("");
        String oldCertificate = a.oldObject().path("status").path("certificate").asString("");
        if (Objects.equals(certificate, oldCertificate)) {
            return;
        }
        String signer = CertificateSigningRequestStrategy.signerName(a.oldObject());
        if (!signers.allowed(a.user(), "sign", signer)) {
            throw AdmissionErrors.forbidden(a, "user not permitted to sign requests with signerName \"" + signer + "\"");
        }
    }

    static boolean isCsr(AdmissionAttributes a) {
        return "certificates.k8s.io".equals(a.group()) && "certificatesigningrequests".equals(a.resource());
    }
}
