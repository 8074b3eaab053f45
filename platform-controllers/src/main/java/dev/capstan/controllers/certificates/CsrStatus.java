package dev.capstan.controllers.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;

/** What a CertificateSigningRequest's status says (upstream's certificates helpers). */
public final class CsrStatus {

    private CsrStatus() {
    }

    public static boolean has(CertificateSigningRequest csr, String type) {
        if (csr.getStatus() == null || csr.getStatus().getConditions() == null) {
            return false;
        }
        for (CertificateSigningRequestCondition c : csr.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isIssued(CertificateSigningRequest csr) {
        return csr.getStatus() != null && csr.getStatus().getCertificate() != null
                && !csr.getStatus().getCertificate().isEmpty();
    }

    /** Approved or Denied: the approver has nothing more to decide. */
    public static boolean isDecided(CertificateSigningRequest csr) {
        return has(csr, "Approved") || has(csr, "Denied");
    }
}
