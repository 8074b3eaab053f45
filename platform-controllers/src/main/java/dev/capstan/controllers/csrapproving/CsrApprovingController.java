package dev.capstan.controllers.csrapproving;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.certificates.ClientCertificateRequest;
import dev.capstan.controllers.certificates.CsrStatus;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's csrapproving controller (pkg/controller/certificates/approver, "sarapprove"): approves a kubelet
 * client CertificateSigningRequest when a SubjectAccessReview says its requestor may create
 * {@code certificatesigningrequests/nodeclient} (a new node) or, for its own node's name,
 * {@code certificatesigningrequests/selfnodeclient} (renewal). Anything else is left for a person. Capstan adds
 * one rule: a client certificate for {@code CN=system:kube-proxy} (no groups) from the API server client signer,
 * when the requestor may create {@code certificatesigningrequests/kubeproxyclient} — how a joining node gets the
 * service proxy's and DNS's identity (the bootstrap policy grants it to node bootstrap tokens).
 */
public final class CsrApprovingController implements Controller {

    static final String KUBE_PROXY = "system:kube-proxy";
    private static final Logger log = LoggerFactory.getLogger(CsrApprovingController.class);

    private final KubernetesClient client;
    private final Lister<CertificateSigningRequest> requests;

    public CsrApprovingController(ControllerContext context) {
        this.client = context.client();
        this.requests = context.lister(CertificateSigningRequest.class);
    }

    @Override
    public String name() {
        return "csrapproving";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(CertificateSigningRequest.class);
    }

    @Override
    public Result reconcile(ObjectKey key) {
        CertificateSigningRequest csr = requests.get(null, key.name());
        if (csr == null || CsrStatus.isDecided(csr) || CsrStatus.isIssued(csr) || csr.getSpec() == null) {
            return Result.done();
        }
        ClientCertificateRequest request;
        try {
            request = ClientCertificateRequest.of(csr);
        } catch (IllegalArgumentException e) {
            return Result.done(); // not ours to judge: the signer fails it once someone approves it
        }
        String permission = permissionNeeded(csr, request);
        if (permission != null && allowed(csr, permission)) {
            approve(csr, permission.equals("kubeproxyclient") ? "kube-proxy client" : "kubelet client");
        }
        return Result.done();
    }

    /** The subresource of certificatesigningrequests whose create approves this request, or null for none. */
    static String permissionNeeded(CertificateSigningRequest csr, ClientCertificateRequest request) {
        String signer = csr.getSpec().getSignerName();
        if (ClientCertificateRequest.KUBELET_CLIENT_SIGNER.equals(signer) && request.kubeletClientProblem() == null) {
            return request.commonName().equals(csr.getSpec().getUsername()) ? "selfnodeclient" : "nodeclient";
        }
        if (ClientCertificateRequest.API_SERVER_CLIENT_SIGNER.equals(signer) && KUBE_PROXY.equals(request.commonName())
                && request.organizations().isEmpty() && request.clientProblem() == null) {
            return "kubeproxyclient";
        }
        return null;
    }

    private boolean allowed(CertificateSigningRequest csr, String subresource) {
        var spec = csr.getSpec();
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(spec.getUsername()).withUid(spec.getUid()).withGroups(spec.getGroups())
                .withExtra(spec.getExtra())
                .withResourceAttributes(new ResourceAttributesBuilder().withGroup("certificates.k8s.io")
                        .withResource("certificatesigningrequests").withSubresource(subresource).withVerb("create").build())
                .endSpec().build();
        SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
        return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    }

    private void approve(CertificateSigningRequest csr, String what) {
        CertificateSigningRequestCondition approved = new CertificateSigningRequestConditionBuilder().withType("Approved")
                .withStatus("True").withReason("AutoApproved")
                .withMessage("Auto approving " + what + " certificate after SubjectAccessReview.").build();
        try {
            client.certificates().v1().certificateSigningRequests().withName(csr.getMetadata().getName()).approve(approved);
            log.info("event=csr_approved name={} requestor={}", csr.getMetadata().getName(), csr.getSpec().getUsername());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }
}
