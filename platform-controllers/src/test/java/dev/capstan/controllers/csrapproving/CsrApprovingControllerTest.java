package dev.capstan.controllers.csrapproving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.certificates.ClientCertificateRequest;
import dev.capstan.controllers.csrsigning.TestRequests;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which requests the approver asks a SubjectAccessReview about, and for which permission (upstream's recognizers). */
class CsrApprovingControllerTest {

    static final String KUBELET = ClientCertificateRequest.KUBELET_CLIENT_SIGNER;
    static final List<String> USAGES = List.of("digital signature", "client auth");

    @Test
    void aNewNodesRequestNeedsNodeclientAndARenewalSelfnodeclient() throws Exception {
        assertThat(permission(TestRequests.csr("CN=system:node:n1,O=system:nodes", KUBELET, "system:bootstrap:abcdef", USAGES)))
                .isEqualTo("nodeclient");
        assertThat(permission(TestRequests.csr("CN=system:node:n1,O=system:nodes", KUBELET, "system:node:n1", USAGES)))
                .isEqualTo("selfnodeclient");
    }

    @Test
    void requestsThatAreNotKubeletShapedAreLeftForAPerson() throws Exception {
        assertThat(permission(TestRequests.csr("CN=admin,O=system:masters", KUBELET, "system:bootstrap:abcdef", USAGES))).isNull();
        assertThat(permission(TestRequests.csr("CN=system:node:n1,O=system:nodes,O=system:masters", KUBELET, "u", USAGES))).isNull();
        assertThat(permission(TestRequests.csr("CN=system:node:n1,O=system:nodes", KUBELET, "u",
                List.of("client auth", "server auth")))).isNull();
        assertThat(permission(TestRequests.csr("CN=system:node:n1,O=system:nodes", "example.com/other", "u", USAGES))).isNull();
    }

    @Test
    void aKubeProxyClientWithoutGroupsNeedsKubeproxyclient() throws Exception {
        String client = ClientCertificateRequest.API_SERVER_CLIENT_SIGNER;
        assertThat(permission(TestRequests.csr("CN=system:kube-proxy", client, "system:bootstrap:abcdef", USAGES)))
                .isEqualTo("kubeproxyclient");
        assertThat(permission(TestRequests.csr("CN=system:kube-proxy,O=system:nodes", client, "u", USAGES))).isNull();
        assertThat(permission(TestRequests.csr("CN=alice", client, "u", USAGES))).isNull();
    }

    private static String permission(CertificateSigningRequest csr) {
        return CsrApprovingController.permissionNeeded(csr, ClientCertificateRequest.of(csr));
    }
}
