package dev.capstan.api.security.authn;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.capstan.api.security.UserInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real (local) OpenID provider: its discovery document and JWKS served over HTTP, tokens signed by Nimbus. */
class OidcTokenAuthenticatorTest {

    static HttpServer provider;
    static String issuer;
    static RSAKey key;
    static RSAKey strangerKey;

    @BeforeAll
    static void provider() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("provider-key").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("provider-key").generate();
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort();
        serve("/.well-known/openid-configuration", "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer
                + "/keys\",\"response_types_supported\":[\"id_token\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
        serve("/keys", new JWKSet(key.toPublicJWK()).toString());
        provider.start();
    }

    private static void serve(String path, String body) {
        provider.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        provider.stop(0);
    }

    private static AuthenticationProperties.Oidc config(String usernameClaim, String usernamePrefix) {
        AuthenticationProperties.Oidc config = new AuthenticationProperties.Oidc();
        config.setIssuerUrl(issuer);
        config.setClientId("kubernetes");
        config.setUsernameClaim(usernameClaim);
        config.setUsernamePrefix(usernamePrefix);
        config.setGroupsClaim("groups");
        config.setGroupsPrefix("oidc:");
        return config;
    }

    private static String token(RSAKey signer, String audience, Instant expiry, boolean emailVerified) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("user-42").audience(audience)
                .issueTime(new Date()).expirationTime(Date.from(expiry))
                .claim("email", "jane@example.com").claim("email_verified", emailVerified)
                .claim("groups", List.of("dev", "ops")).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static Instant inAnHour() {
        return Instant.now().plusSeconds(3600);
    }

    @Test
    void theSubjectPrefixedWithTheIssuerByDefault() throws Exception {
        UserInfo user = new OidcTokenAuthenticator(config("sub", null))
                .authenticate(token(key, "kubernetes", inAnHour(), true)).block();

        assertThat(user.name()).isEqualTo(issuer + "#user-42");
        assertThat(user.groups()).containsExactly("oidc:dev", "oidc:ops");
    }

    @Test
    void emailClaimHasNoDefaultPrefixAndMustBeVerified() throws Exception {
        assertThat(new OidcTokenAuthenticator(config("email", null))
                .authenticate(token(key, "kubernetes", inAnHour(), true)).block().name()).isEqualTo("jane@example.com");
        assertThat(new OidcTokenAuthenticator(config("email", null))
                .authenticate(token(key, "kubernetes", inAnHour(), false)).blockOptional()).isEmpty();
        assertThat(new OidcTokenAuthenticator(config("sub", "-"))
                .authenticate(token(key, "kubernetes", inAnHour(), true)).block().name()).isEqualTo("user-42");
    }

    @Test
    void refusesOtherClientsExpiredTokensAndForeignSignatures() throws Exception {
        OidcTokenAuthenticator oidc = new OidcTokenAuthenticator(config("sub", null));

        assertThat(oidc.authenticate(token(key, "another-client", inAnHour(), true)).blockOptional()).isEmpty();
        assertThat(oidc.authenticate(token(key, "kubernetes", Instant.now().minusSeconds(600), true)).blockOptional()).isEmpty();
        assertThat(oidc.authenticate(token(strangerKey, "kubernetes", inAnHour(), true)).blockOptional()).isEmpty();
        assertThat(oidc.authenticate("not-a-jwt").blockOptional()).isEmpty();
    }
}
