package dev.capstan.server.roles;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capstan agent --token ...} says what is missing before it starts anything. */
class JoinArgumentsTest {

    @TempDir
    Path dir;

    @Test
    void aTokenWithoutTheServerOrTheCaIsRefusedWithWhatIsMissing() {
        assertThatThrownBy(() -> ComponentApplication.requireJoinArguments(new String[] {
                "--capstan.node.bootstrap-token=abcdef.0123456789abcdef", "--capstan.node.ca-file=/tmp/ca.crt"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--token needs --server URL (an API server) and --ca-file CA (the cluster CA certificate, "
                        + "DATA/pki/ca.crt on the server)");
        assertThatThrownBy(() -> ComponentApplication.requireJoinArguments(new String[] {
                "--capstan.node.bootstrap-token=abcdef.0123456789abcdef", "--capstan.node.server=https://10.0.0.1:6443"}))
                .hasMessageStartingWith("--token needs --server URL");
    }

    @Test
    void aCaFileThatIsNotThereIsRefused() throws Exception {
        String missing = dir.resolve("nope.crt").toString();
        assertThatThrownBy(() -> ComponentApplication.requireJoinArguments(new String[] {
                "--capstan.node.bootstrap-token=abcdef.0123456789abcdef", "--capstan.node.server=https://10.0.0.1:6443",
                "--capstan.node.ca-file=" + missing}))
                .hasMessage("--ca-file " + missing + ": no such readable file");

        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        assertThatCode(() -> ComponentApplication.requireJoinArguments(new String[] {
                "--capstan.node.bootstrap-token=abcdef.0123456789abcdef", "--capstan.node.server=https://10.0.0.1:6443",
                "--capstan.node.ca-file=" + ca})).doesNotThrowAnyException();
    }
}
