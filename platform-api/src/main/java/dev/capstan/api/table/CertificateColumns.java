package dev.capstan.api.table;

import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** CertificateSigningRequest: upstream's printCertificateSigningRequest columns. */
final class CertificateColumns {

    static final KindPrinter CERTIFICATE_SIGNING_REQUEST = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.ageColumn(),
            Column.of("SignerName", "string", "Name of the signer that is requested to sign this certificate."),
            Column.of("Requestor", "string", "Name of the user who requested this certificate."),
            Column.of("RequestedDuration", "string", "The requested duration of the issued certificate."),
            Column.of("Condition", "string", "The approval, failure and issuance state of the request.")),
            (o, now, cells) -> {
                JsonNode expiration = o.path("spec").path("expirationSeconds");
                cells.add(Fields.name(o))
                        .add(Fields.age(o, now))
                        .add(Fields.str(o, "spec", "signerName"))
                        .add(Fields.str(o, "spec", "username"))
                        .add(expiration.isNumber() ? HumanDuration.format(Duration.ofSeconds(expiration.asLong())) : "<none>")
                        .add(condition(o));
            });

    private CertificateColumns() {
    }

    /** Upstream's extractCSRStatus: Denied, else Approved, else Pending; then ",Failed" and ",Issued". */
    static String condition(JsonNode csr) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode c : csr.path("status").path("conditions")) {
            switch (c.path("type").asString("")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> { }
            }
        }
        StringBuilder status = new StringBuilder(denied ? "Denied" : approved ? "Approved" : "Pending");
        if (failed) {
            status.append(",Failed");
        }
        if (!csr.path("status").path("certificate").asString("").isEmpty()) {
            status.append(",Issued");
        }
        return status.toString();
    }
}
