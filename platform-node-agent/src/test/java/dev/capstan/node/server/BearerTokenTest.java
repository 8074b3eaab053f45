package dev.capstan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void theSchemeIsCaseInsensitiveAndTheTokenTrimmed() {
        assertThat(BearerToken.of("Bearer abc.def")).isEqualTo("abc.def");
        assertThat(BearerToken.of("bearer  abc ")).isEqualTo("abc");
    }

    @Test
    void otherSchemesAndEmptyTokensAreNoToken() {
        assertThat(BearerToken.of(null)).isNull();
        assertThat(BearerToken.of("Basic dXNlcjpwYXNz")).isNull();
        assertThat(BearerToken.of("Bearer ")).isNull();
        assertThat(BearerToken.of("Bearer")).isNull();
    }
}
