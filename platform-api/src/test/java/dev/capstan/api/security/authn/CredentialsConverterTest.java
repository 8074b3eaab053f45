package dev.capstan.api.security.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class CredentialsConverterTest {

    @Test
    void bearerTokensAsUpstreamReadsThem() {
        assertThat(CredentialsConverter.bearerToken("Bearer abc")).isEqualTo("abc");
        assertThat(CredentialsConverter.bearerToken("bearer abc")).isEqualTo("abc");
        assertThat(CredentialsConverter.bearerToken("Basic abc")).isNull();
        assertThat(CredentialsConverter.bearerToken("Bearer")).isNull();
        assertThat(CredentialsConverter.bearerToken(null)).isNull();
    }

    @Test
    void aRequestWithoutCredentialsHasNone() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api"));

        assertThat(new CredentialsConverter().convert(exchange).blockOptional()).isEmpty();
    }

    @Test
    void webSocketsMayCarryTheTokenAsASubprotocol() {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString("my-token".getBytes(StandardCharsets.UTF_8));
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/namespaces/default/pods/p/exec")
                .header("Sec-WebSocket-Protocol", "v5.channel.k8s.io, base64url.bearer.authorization.k8s.io." + encoded));

        var credentials = (RequestCredentials) new CredentialsConverter().convert(exchange).block();

        assertThat(credentials.bearerToken()).isEqualTo("my-token");
    }
}
