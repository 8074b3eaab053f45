package dev.capstan.api.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.json.Json;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.validation.FieldError;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CertificateSigningRequestStrategyTest {

    static String request;
    final CertificateSigningRequestStrategy strategy = new CertificateSigningRequestStrategy();

    @BeforeAll
    static void makeRequest() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        var keys = generator.generateKeyPair();
        var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=system:node:n1,O=system:nodes"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(csr);
        }
        request = Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.US_ASCII));
    }

    static ObjectNode csr() {
        ObjectNode csr = Json.object();
        csr.putObject("metadata").put("name", "node-csr-1");
        ObjectNode spec = csr.putObject("spec");
        spec.put("request", request);
        spec.put("signerName", "kubernetes.io/kube-apiserver-client-kubelet");
        spec.putArray("usages").add("digital signature").add("client auth");
        return csr;
    }

    @Test
    void theRequestorIsWhoCreatesItNotWhatTheBodyClaims() {
        ObjectNode csr = csr();
        ((ObjectNode) csr.get("spec")).put("username", "admin");
        ((ObjectNode) csr.get("spec")).putArray("groups").add("system:masters");
        csr.putObject("status").put("certificate", "c3R1ZmY=");

        strategy.prepareForCreate(csr, new UserInfo("system:bootstrap:abcdef", "u-1",
                List.of("system:bootstrappers", "system:authenticated"), Map.of("k", List.of("v"))));

        assertThat(csr.at("/spec/username").asString()).isEqualTo("system:bootstrap:abcdef");
        assertThat(csr.at("/spec/uid").asString()).isEqualTo("u-1");
        assertThat(csr.at("/spec/groups").toString()).isEqualTo("[\"system:bootstrappers\",\"system:authenticated\"]");
        assertThat(csr.at("/spec/extra/k/0").asString()).isEqualTo("v");
        assertThat(csr.get("status").isEmpty()).isTrue();
        assertThat(strategy.validate(csr)).isEmpty();
    }

    @Test
    void aCreateNeedsAParsableRequestASignerAndKnownUsages() {
        ObjectNode csr = csr();
        ObjectNode spec = (ObjectNode) csr.get("spec");
        spec.put("request", Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII)));
        spec.remove("signerName");
        spec.putArray("usages").add("client auth").add("flying");
        spec.put("expirationSeconds", 60);

        List<String> errors = strategy.validate(csr).stream().map(e -> e.field() + ": " + e.body()).toList();

        assertThat(errors).anyMatch(e -> e.startsWith("spec.request") && e.contains("PEM block type must be CERTIFICATE REQUEST"));
        assertThat(errors).anyMatch(e -> e.startsWith("spec.signerName: Required value"));
        assertThat(errors).anyMatch(e -> e.startsWith("spec.usages[1]: Unsupported value: \"flying\""));
        assertThat(errors).anyMatch(e -> e.startsWith("spec.expirationSeconds") && e.contains("600 seconds"));
    }

    @Test
    void approvalChangesOnlyTheConditions() {
        ObjectNode old = stored();
        ObjectNode body = old.deepCopy();
        ((ObjectNode) body.get("spec")).put("signerName", "example.com/other");
        ObjectNode status = (ObjectNode) body.get("status");
        status.put("certificate", "Zm9v");
        status.putArray("conditions").addObject().put("type", "Approved").put("status", "True").put("reason", "Ok");

        strategy.prepareForUpdate(body, old, "approval");

        assertThat(body.at("/spec/signerName").asString()).isEqualTo("kubernetes.io/kube-apiserver-client-kubelet");
        assertThat(body.at("/status/certificate").isMissingNode()).isTrue();
        assertThat(body.at("/status/conditions/0/type").asString()).isEqualTo("Approved");
        assertThat(body.at("/status/conditions/0/lastUpdateTime").asString()).isNotEmpty();
        assertThat(strategy.validateUpdate(body, old, "approval")).isEmpty();
    }

    @Test
    void aStatusWriteKeepsTheDecisionAndTheMainResourceKeepsTheStatus() {
        ObjectNode old = stored();
        ((ObjectNode) old.get("status")).putArray("conditions").addObject().put("type", "Approved").put("status", "True");
        ObjectNode body = old.deepCopy();
        ((ObjectNode) body.get("status")).put("certificate", "Zm9v").putArray("conditions");

        strategy.prepareForUpdate(body, old, "status");
        assertThat(body.at("/status/conditions/0/type").asString()).isEqualTo("Approved");
        assertThat(body.at("/status/certificate").asString()).isEqualTo("Zm9v");

        ObjectNode main = old.deepCopy();
        ((ObjectNode) main.get("status")).put("certificate", "Zm9v");
        strategy.prepareForUpdate(main, old, null);
        assertThat(main.at("/status/certificate").isMissingNode()).isTrue();
    }

    @Test
    void approvedAndDeniedExcludeEachOtherAndCannotBeTakenBack() {
        ObjectNode old = stored();
        ObjectNode both = old.deepCopy();
        var conditions = ((ObjectNode) both.get("status")).putArray("conditions");
        conditions.addObject().put("type", "Approved").put("status", "True");
        conditions.addObject().put("type", "Denied").put("status", "True");
        assertThat(messages(strategy.validateUpdate(both, old, "approval")))
                .anyMatch(m -> m.contains("Approved and Denied conditions are mutually exclusive"));

        ObjectNode approved = old.deepCopy();
        ((ObjectNode) approved.get("status")).putArray("conditions").addObject().put("type", "Approved").put("status", "True");
        ObjectNode withdrawn = approved.deepCopy();
        ((ObjectNode) withdrawn.get("status")).putArray("conditions");
        assertThat(messages(strategy.validateUpdate(withdrawn, approved, "approval")))
                .anyMatch(m -> m.contains("updates may not remove a condition of type \"Approved\""));
    }

    private ObjectNode stored() {
        ObjectNode csr = csr();
        strategy.prepareForCreate(csr, new UserInfo("system:bootstrap:abcdef", "", List.of("system:bootstrappers"), Map.of()));
        return csr;
    }

    private static List<String> messages(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.body()).toList();
    }
}
