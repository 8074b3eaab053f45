package dev.capstan.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documents as the real kubectl (v1.32) reads them from a server that serves discovery and OpenAPI. */
class KubectlExplainTest {

    private static FakeApiServer server;

    @TempDir
    static Path home;

    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Kubectl.BINARY), "kubectl is not installed at " + Kubectl.BINARY);
        server = new FakeApiServer(TestKinds.ALL);
        kubectl = new Kubectl(home, server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void explainPodContainersListsContainerFieldsWithTheirTypes() throws Exception {
        Kubectl.Result result = kubectl.run("explain", "pods.spec.containers");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("KIND:       Pod", "VERSION:    v1")
                .contains("FIELD: containers <[]Container>")
                .containsPattern("(?m)^  name\\s+<string>")
                .containsPattern("(?m)^  ports\\s+<\\[\\]ContainerPort>")
                .containsPattern("(?m)^  resources\\s+<ResourceRequirements>")
                .containsPattern("(?m)^  env\\s+<\\[\\]EnvVar>");
    }

    @Test
    void explainDeploymentSpecNamesTheAppsGroupAndTypedFields() throws Exception {
        Kubectl.Result result = kubectl.run("explain", "deployment.spec");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("GROUP:      apps", "KIND:       Deployment", "FIELD: spec <DeploymentSpec>")
                .containsPattern("(?m)^  replicas\\s+<integer>")
                .containsPattern("(?m)^  selector\\s+<LabelSelector>")
                .containsPattern("(?m)^  template\\s+<PodTemplateSpec>");
    }

    @Test
    void explainFollowsFieldsThroughMapsAndScalars() throws Exception {
        Kubectl.Result result = kubectl.run("explain", "pod.metadata.labels");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("FIELD: labels <map[string]string>");
    }

    @Test
    void explainRejectsAFieldTheKindDoesNotHave() throws Exception {
        Kubectl.Result result = kubectl.run("explain", "pods.spec.noSuchField");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("field \"noSuchField\" does not exist");
    }

    @Test
    void createWithStrictValidationLeavesFieldValidationToTheServer() throws Exception {
        Path manifest = home.resolve("pod.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                  - name: web
                    image: nginx
                """);

        // kubectl validates client-side only from the protobuf /openapi/v2 unless the v3 PATCH operation of the
        // kind declares fieldValidation; then it sends fieldValidation=Strict and lets the server judge.
        Kubectl.Result result = kubectl.run("create", "--dry-run=client", "--validate=strict", "-o", "name",
                "-f", manifest.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("pod/web");
    }
}
