package dev.capstan.api.certificates;

import dev.capstan.api.validation.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Upstream's CertificateSigningRequest validation (pkg/apis/certificates/validation), with its messages. */
final class CsrValidation {

    /** Upstream's KeyUsage values. */
    static final List<String> USAGES = List.of("signing", "digital signature", "content commitment", "key encipherment",
            "key agreement", "data encipherment", "cert sign", "crl sign", "encipher only", "decipher only", "any",
            "server auth", "client auth", "code signing", "email protection", "s/mime", "ipsec end system",
            "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing", "microsoft sgc", "netscape sgc");
    private static final Pattern SIGNER = Pattern.compile(
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+/[A-Za-z0-9._~%!$&'()*+,;=:@/-]+$");
    private static final String LEGACY_SIGNER = "kubernetes.io/legacy-unknown";
    private static final long MIN_EXPIRATION_SECONDS = 600;
    private static final List<String> STATUSES = List.of("True", "False", "Unknown");

    private CsrValidation() {
    }

    static List<FieldError> create(JsonNode csr) {
        List<FieldError> errors = new ArrayList<>(spec(csr.path("spec")));
        String signer = csr.path("spec").path("signerName").asString("");
        if (LEGACY_SIGNER.equals(signer)) {
            errors.add(FieldError.invalid("spec.signerName", signer, "the legacy signerName is not allowed via this API version"));
        }
        return errors;
    }

    static List<FieldError> update(JsonNode csr, JsonNode old) {
        List<FieldError> errors = new ArrayList<>(spec(csr.path("spec")));
        errors.addAll(conditions(csr.path("status").path("conditions"), old.path("status").path("conditions")));
        String certificate = csr.path("status").path("certificate").asString("");
        if (!certificate.isEmpty() && !isCertificatePem(certificate)) {
            errors.add(FieldError.invalid("status.certificate", "<certificate data>",
                    "must contain at least one CERTIFICATE PEM block"));
        }
        return errors;
    }

    private static List<FieldError> spec(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        String request = spec.path("request").asString("");
        if (request.isEmpty()) {
            errors.add(FieldError.required("spec.request", ""));
        } else {
            try {
                CertificateRequestPem.parseBase64(request);
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.invalid("spec.request", "<request data>", e.getMessage()));
            }
        }
        String signer = spec.path("signerName").asString("");
        if (signer.isEmpty()) {
            errors.add(FieldError.required("spec.signerName", ""));
        } else if (!SIGNER.matcher(signer).matches()) {
            errors.add(FieldError.invalid("spec.signerName", signer,
                    "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
        }
        JsonNode usages = spec.path("usages");
        if (!usages.isArray() || usages.isEmpty()) {
            errors.add(FieldError.required("spec.usages", "usages must be provided"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < usages.size(); i++) {
                String usage = usages.get(i).asString("");
                if (!USAGES.contains(usage)) {
                    errors.add(FieldError.notSupported("spec.usages[" + i + "]", usage, USAGES));
                } else if (!seen.add(usage)) {
                    errors.add(FieldError.duplicate("spec.usages[" + i + "]", usage));
                }
            }
        }
        JsonNode expiration = spec.path("expirationSeconds");
        if (!expiration.isMissingNode() && !expiration.isNull() && expiration.asLong() < MIN_EXPIRATION_SECONDS) {
            errors.add(FieldError.invalid("spec.expirationSeconds", expiration.asLong(),
                    "may not specify a duration less than 600 seconds (10 minutes)"));
        }
        return errors;
    }

    private static List<FieldError> conditions(JsonNode conditions, JsonNode oldConditions) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode c = conditions.get(i);
            String field = "status.conditions[" + i + "]";
            String type = c.path("type").asString("");
            String status = c.path("status").asString("");
            if (type.isEmpty()) {
                errors.add(FieldError.required(field + ".type", ""));
            }
            if (!STATUSES.contains(status)) {
                errors.add(FieldError.notSupported(field + ".status", status, STATUSES));
            }
            boolean wellKnown = List.of(CertificateSigningRequestStrategy.APPROVED, CertificateSigningRequestStrategy.DENIED,
                    "Failed").contains(type);
            if (wellKnown && !seen.add(type)) {
                errors.add(FieldError.duplicate(field + ".type", type));
            }
            if (CsrConditions.isApproval(c) && !"True".equals(status)) {
                errors.add(FieldError.notSupported(field + ".status", status, List.of("True")));
            }
        }
        if (seen.contains(CertificateSigningRequestStrategy.APPROVED) && seen.contains(CertificateSigningRequestStrategy.DENIED)) {
            errors.add(FieldError.invalid("status.conditions", "", "Approved and Denied conditions are mutually exclusive"));
        }
        for (String type : List.of(CertificateSigningRequestStrategy.APPROVED, CertificateSigningRequestStrategy.DENIED)) {
            if (CsrConditions.has(oldConditions, type) && !seen.contains(type)) {
                errors.add(FieldError.forbidden("status.conditions", "updates may not remove a condition of type \"" + type + "\""));
            }
        }
        return errors;
    }

    private static boolean isCertificatePem(String base64) {
        try {
            String pem = new String(Base64.getDecoder().decode(base64.replaceAll("\\s", "")), StandardCharsets.US_ASCII);
            return pem.contains("-----BEGIN CERTIFICATE-----");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
