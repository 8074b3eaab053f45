package dev.capstan.api.security.authn;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceAccountTokensTest {

    static final String ISSUER = AuthenticationProperties.DEFAULT_ISSUER;
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static ServiceAccountKeys keys;
    static ServiceAccountKeys otherKeys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = new ServiceAccountKeys((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
        otherKeys = new ServiceAccountKeys((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
    }

    private static ServiceAccountTokens tokens(ServiceAccountKeys keys, Instant now, List<String> audiences) {
        return new ServiceAccountTokens(keys, ISSUER, audiences, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String mint(ServiceAccountKeys keys, List<String> audiences) {
        return tokens(keys, NOW, List.of(ISSUER)).issue("team", "builder", "sa-uid", audiences, Duration.ofHours(1),
                new ServiceAccountTokens.ObjectRef("pod-1", "pod-uid"), null).token();
    }

    @Test
    void mintsUpstreamsClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(mint(keys, List.of(ISSUER)));

        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.keyId());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:team:builder");
        assertThat(claims.getAudience()).containsExactly(ISSUER);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(claims.getJWTID()).isNotEmpty();
        Map<String, Object> kubernetes = claims.getJSONObjectClaim("kubernetes.io");
        assertThat(kubernetes).containsEntry("namespace", "team")
                .containsEntry("serviceaccount", Map.of("name", "builder", "uid", "sa-uid"))
                .containsEntry("pod", Map.of("name", "pod-1", "uid", "pod-uid"))
                .doesNotContainKey("secret");
    }

    @Test
    void verifiesItsOwnTokens() {
        ServiceAccountTokens.Claims claims = tokens(keys, NOW.plusSeconds(60), List.of(ISSUER))
                .verify(mint(keys, List.of(ISSUER))).orElseThrow();

        assertThat(claims.username()).isEqualTo("system:serviceaccount:team:builder");
        assertThat(claims.serviceAccountUid()).isEqualTo("sa-uid");
        assertThat(claims.pod()).isEqualTo(new ServiceAccountTokens.ObjectRef("pod-1", "pod-uid"));
        assertThat(claims.secret()).isNull();
    }

    @Test
    void refusesAnotherAudience() {
        assertThat(tokens(keys, NOW, List.of(ISSUER)).verify(mint(keys, List.of("vault")))).isEmpty();
        assertThat(tokens(keys, NOW, List.of("vault", "other")).verify(mint(keys, List.of("vault")))).isPresent();
    }

    @Test
    void aReviewMayAskForOtherAudiences() {
        String vault = mint(keys, List.of("vault"));
        ServiceAccountTokens api = tokens(keys, NOW, List.of(ISSUER));

        assertThat(api.verify(vault)).isEmpty();
        assertThat(api.verify(vault, List.of("vault"))).isPresent();
        assertThat(api.verify(mint(keys, List.of(ISSUER)), List.of("vault"))).isEmpty();
    }

    @Test
    void refusesExpiredTokens() {
        String token = mint(keys, List.of(ISSUER));
        assertThat(tokens(keys, NOW.plus(Duration.ofMinutes(59)), List.of(ISSUER)).verify(token)).isPresent();
        assertThat(tokens(keys, NOW.plus(Duration.ofHours(1)), List.of(ISSUER)).verify(token)).isEmpty();
    }

    @Test
    void refusesTokensNotYetValid() {
        assertThat(tokens(keys, NOW.minus(Duration.ofMinutes(5)), List.of(ISSUER)).verify(mint(keys, List.of(ISSUER))))
                .isEmpty();
    }

    @Test
    void refusesOtherKeysTamperingAndGarbage() {
        assertThat(tokens(keys, NOW, List.of(ISSUER)).verify(mint(otherKeys, List.of(ISSUER)))).isEmpty();
        String token = mint(keys, List.of(ISSUER));
        String[] parts = token.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("builder", "admin00").getBytes());
        assertThat(tokens(keys, NOW, List.of(ISSUER)).verify(parts[0] + "." + forgedPayload + "." + parts[2])).isEmpty();
        assertThat(tokens(keys, NOW, List.of(ISSUER)).verify("garbage")).isEmpty();
    }

    @Test
    void refusesAnotherIssuer() {
        ServiceAccountTokens other = new ServiceAccountTokens(keys, "https://elsewhere", List.of(ISSUER),
                Clock.fixed(NOW, ZoneOffset.UTC));
        String token = other.issue("team", "builder", "sa-uid", List.of(ISSUER), Duration.ofHours(1), null, null).token();
        assertThat(tokens(keys, NOW, List.of(ISSUER)).verify(token)).isEmpty();
    }

    @Test
    void serviceAccountUserAndGroups() {
        ServiceAccountTokens.Claims claims = tokens(keys, NOW, List.of(ISSUER)).verify(mint(keys, List.of(ISSUER))).orElseThrow();
        var user = ServiceAccountTokenAuthenticator.user(claims);

        assertThat(user.name()).isEqualTo("system:serviceaccount:team:builder");
        assertThat(user.uid()).isEqualTo("sa-uid");
        assertThat(user.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:team");
        assertThat(user.extra()).containsEntry("authentication.kubernetes.io/pod-name", List.of("pod-1"))
                .containsEntry("authentication.kubernetes.io/pod-uid", List.of("pod-uid"))
                .containsKey("authentication.kubernetes.io/credential-id");
    }

    @Test
    void keyIdIsUpstreams() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(keys.publicKey().getEncoded());
        assertThat(keys.keyId()).isEqualTo(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        assertThat(keys.publicJwks().getKeys()).singleElement()
                .satisfies(k -> assertThat(k.getKeyID()).isEqualTo(keys.keyId()));
    }

    @Test
    void keyFilesAreMadeOnceAndReadBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ServiceAccountKeys made = ServiceAccountKeys.loadOrCreate(dir.resolve("pki/sa.key"));
        ServiceAccountKeys read = ServiceAccountKeys.loadOrCreate(dir.resolve("pki/sa.key"));

        assertThat(read.keyId()).isEqualTo(made.keyId());
        assertThat(dir.resolve("pki/sa.pub")).exists();
    }
}
