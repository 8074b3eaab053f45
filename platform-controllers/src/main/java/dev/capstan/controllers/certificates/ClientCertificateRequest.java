package dev.capstan.controllers.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A CertificateSigningRequest's PKCS#10 request and the shapes upstream's approver and signer recognise
 * (pkg/apis/certificates/v1/helpers.go): a kubelet client certificate ({@code CN=system:node:<name>},
 * {@code O=system:nodes}, no subject alternative names, client-auth usages only) and an API server client
 * certificate (client-auth usages only).
 */
public final class ClientCertificateRequest {

    public static final String KUBELET_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    public static final String API_SERVER_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
    public static final String NODES_GROUP = "system:nodes";
    public static final String NODE_PREFIX = "system:node:";
    static final Set<String> CLIENT_USAGES = Set.of("client auth", "digital signature", "key encipherment");

    private final PKCS10CertificationRequest request;
    private final List<String> usages;

    private ClientCertificateRequest(PKCS10CertificationRequest request, List<String> usages) {
        this.request = request;
        this.usages = usages;
    }

    /** Parses {@code spec.request} (Fabric8 gives it as base64 of the PEM). */
    public static ClientCertificateRequest of(CertificateSigningRequest csr) {
        String pem = new String(Base64.getDecoder().decode(csr.getSpec().getRequest().replaceAll("\\s", "")),
                StandardCharsets.US_ASCII);
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            if (parser.readObject() instanceof PKCS10CertificationRequest request) {
                List<String> usages = csr.getSpec().getUsages() == null ? List.of() : csr.getSpec().getUsages();
                return new ClientCertificateRequest(request, usages);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unable to parse csr: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unable to parse csr: no CERTIFICATE REQUEST block");
    }

    public PKCS10CertificationRequest request() {
        return request;
    }

    public String commonName() {
        List<String> names = subject(BCStyle.CN);
        return names.isEmpty() ? "" : names.get(0);
    }

    public List<String> organizations() {
        return subject(BCStyle.O);
    }

    public List<String> usages() {
        return usages;
    }

    /** Why this is not a kubelet client request (upstream's ValidateKubeletClientCSR), or null when it is. */
    public String kubeletClientProblem() {
        if (!List.of(NODES_GROUP).equals(organizations())) {
            return "subject organization is not system:nodes";
        }
        if (!commonName().startsWith(NODE_PREFIX)) {
            return "subject common name does not begin with system:node:";
        }
        return clientProblem();
    }

    /** Why this is not a client-only request (usages and no alternative names), or null when it is. */
    public String clientProblem() {
        if (hasAlternativeNames()) {
            return "DNS, email, IP and URI subjectAltNames are not allowed";
        }
        if (!usages.contains("client auth") || !CLIENT_USAGES.containsAll(usages)) {
            return "usages did not match " + List.of("client auth", "digital signature", "key encipherment");
        }
        return null;
    }

    /** The subjectAltName extension the request asks for, or null. */
    public Extension alternativeNames() {
        var attributes = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        for (var attribute : attributes) {
            Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            Extension names = extensions.getExtension(Extension.subjectAlternativeName);
            if (names != null) {
                return names;
            }
        }
        return null;
    }

    private boolean hasAlternativeNames() {
        return alternativeNames() != null;
    }

    private List<String> subject(org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : request.getSubject().getRDNs(type)) {
            values.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return values;
    }
}
