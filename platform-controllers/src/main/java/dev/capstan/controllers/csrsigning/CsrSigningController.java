package dev.capstan.controllers.csrsigning;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.certificates.ClientCertificateRequest;
import dev.capstan.controllers.certificates.CsrStatus;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's csrsigning controller (pkg/controller/certificates/signer) for the signers
 * {@code kubernetes.io/kube-apiserver-client-kubelet} and {@code kubernetes.io/kube-apiserver-client}: an
 * approved request (not denied, not failed, not yet issued) gets {@code status.certificate} from the cluster CA,
 * honouring {@code spec.expirationSeconds}; a request its signer may not issue (a kubelet signer request that is not
 * kubelet-shaped, wrong usages) gets the condition {@code Failed} with reason {@code SignerValidationFailure}.
 * Other signers' requests are left alone.
 */
public final class CsrSigningController implements Controller {

    static final Set<String> SIGNERS = Set.of(ClientCertificateRequest.KUBELET_CLIENT_SIGNER,
            ClientCertificateRequest.API_SERVER_CLIENT_SIGNER);
    private static final Logger log = LoggerFactory.getLogger(CsrSigningController.class);

    private final KubernetesClient client;
    private final Lister<CertificateSigningRequest> requests;
    private final ClusterSigner signer;
    private final Clock clock;

    public CsrSigningController(ControllerContext context, ClusterSigner signer, Clock clock) {
        this.client = context.client();
        this.requests = context.lister(CertificateSigningRequest.class);
        this.signer = signer;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "csrsigning";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(CertificateSigningRequest.class);
    }

    @Override
    public Result reconcile(ObjectKey key) {
        CertificateSigningRequest csr = requests.get(null, key.name());
        if (csr == null || csr.getSpec() == null || !SIGNERS.contains(csr.getSpec().getSignerName())
                || !CsrStatus.has(csr, "Approved") || CsrStatus.has(csr, "Denied") || CsrStatus.has(csr, "Failed")
                || CsrStatus.isIssued(csr)) {
            return Result.done();
        }
        String problem;
        ClientCertificateRequest request = null;
        try {
            request = ClientCertificateRequest.of(csr);
            problem = ClientCertificateRequest.KUBELET_CLIENT_SIGNER.equals(csr.getSpec().getSignerName())
                    ? request.kubeletClientProblem() : request.clientProblem();
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        CertificateSigningRequestBuilder next = new CertificateSigningRequestBuilder(csr);
        if (problem != null) {
            next.editOrNewStatus().addToConditions(new CertificateSigningRequestConditionBuilder().withType("Failed")
                    .withStatus("True").withReason("SignerValidationFailure").withMessage(problem).build()).endStatus();
            log.info("event=csr_failed name={} why={}", csr.getMetadata().getName(), problem);
        } else {
            Integer seconds = csr.getSpec().getExpirationSeconds();
            String pem = signer.sign(request, seconds == null ? null : Duration.ofSeconds(seconds), Instant.now(clock));
            next.editOrNewStatus().withCertificate(Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))
                    .endStatus();
            log.info("event=csr_signed name={} subject={}", csr.getMetadata().getName(), request.commonName());
        }
        try {
            client.certificates().v1().certificateSigningRequests().resource(next.build()).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Result.requeueAfter(Duration.ofMillis(100)); // a newer version is coming through the informer
            }
            if (e.getCode() != 404) {
                throw e;
            }
        }
        return Result.done();
    }
}
