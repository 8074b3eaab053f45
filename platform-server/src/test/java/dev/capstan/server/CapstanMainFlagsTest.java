package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The upstream-style flags each role takes, turned into the properties they set. */
class CapstanMainFlagsTest {

    @Test
    void leaderElectSwitchesTheRolesOwnElection() {
        assertThat(CapstanMain.toSpringArgs("scheduler", List.of("--leader-elect=false", "--kubeconfig", "k")))
                .containsExactly("--capstan.scheduler.leader-election.enabled=false", "--capstan.kubeconfig=k");
        assertThat(CapstanMain.toSpringArgs("controller-manager", List.of("--leader-elect=false")))
                .containsExactly("--capstan.controllers.leader-election=false");
        assertThat(CapstanMain.toSpringArgs("server", List.of("--leader-elect=false")))
                .containsExactly("--capstan.scheduler.leader-election.enabled=false", "--capstan.controllers.leader-election=false");
    }

    @Test
    void aBareBooleanFlagMeansTrueAndDoesNotSwallowTheNextFlag() {
        assertThat(CapstanMain.toSpringArgs("controller-manager", List.of("--leader-elect", "--kubeconfig", "k")))
                .containsExactly("--capstan.controllers.leader-election=true", "--capstan.kubeconfig=k");
    }

    @Test
    void valuedFlagsTakeTheNextArgumentOrTheirOwnValue() {
        assertThat(CapstanMain.toSpringArgs("agent", List.of("--server", "https://10.0.0.1:6443", "--token=t", "--x.y=z")))
                .containsExactly("--capstan.node.server=https://10.0.0.1:6443", "--capstan.node.bootstrap-token=t", "--x.y=z");
    }

    @Test
    void theApiServingRolesRefuseAForeignServingCertificateInsteadOfIgnoringIt() {
        String[] args = CapstanMain.toSpringArgs("server", List.of("--data-dir", "d", "--tls-cert-file", "c.pem",
                "--tls-private-key-file", "k.pem"));
        assertThatThrownBy(() -> ServerLauncher.refuseForeignServingCertificate(
                new org.springframework.core.env.SimpleCommandLinePropertySource(args)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the API server serves with DATA/pki/apiserver.crt").hasMessageContaining("--tls-san");
    }
}
