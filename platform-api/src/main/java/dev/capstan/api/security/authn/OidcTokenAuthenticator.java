package dev.capstan.api.security.authn;

import com.nimbusds.jwt.JWTParser;
import dev.capstan.api.security.UserInfo;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Upstream's OIDC authenticator ({@code --oidc-*}): ID tokens of the configured issuer, signed by a key of its JWKS
 * (found through its discovery document, fetched on first use), unexpired and for the client id. The user is the
 * username claim with its prefix (default {@code <issuer>#} unless the claim is {@code email}; {@code -}: none);
 * an {@code email} claim needs {@code email_verified} true when present. Groups come from the groups claim (a
 * string or a list), each with the groups prefix. Tokens of other issuers are not this authenticator's.
 */
public final class OidcTokenAuthenticator implements TokenAuthenticator {

    private final AuthenticationProperties.Oidc config;
    private final ReactiveJwtDecoder decoder;

    public OidcTokenAuthenticator(AuthenticationProperties.Oidc config) {
        this(config, decoder(config));
    }

    OidcTokenAuthenticator(AuthenticationProperties.Oidc config, ReactiveJwtDecoder decoder) {
        this.config = config;
        this.decoder = decoder;
    }

    private static ReactiveJwtDecoder decoder(AuthenticationProperties.Oidc config) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(config.getIssuerUrl()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(config.getIssuerUrl()),
                new JwtAudienceValidator(config.getClientId())));
        return decoder;
    }

    @Override
    public Mono<UserInfo> authenticate(String token) {
        if (!issuedByConfiguredIssuer(token)) {
            return Mono.empty();
        }
        return decoder.decode(token).mapNotNull(this::user).onErrorResume(JwtException.class, e -> Mono.empty());
    }

    /** Upstream reads the unverified iss first so other issuers' tokens never reach this issuer's keys. */
    private boolean issuedByConfiguredIssuer(String token) {
        try {
            return config.getIssuerUrl().equals(JWTParser.parse(token).getJWTClaimsSet().getIssuer());
        } catch (ParseException e) {
            return false;
        }
    }

    UserInfo user(Jwt jwt) {
        String claim = config.getUsernameClaim();
        Object value = jwt.getClaims().get(claim);
        if (!(value instanceof String username) || username.isEmpty()) {
            return null;
        }
        if (claim.equals("email") && jwt.hasClaim("email_verified") && !Boolean.TRUE.equals(jwt.getClaims().get("email_verified"))) {
            return null;
        }
        String prefix = config.getUsernamePrefix();
        if (prefix == null) {
            prefix = claim.equals("email") ? "" : config.getIssuerUrl() + "#";
        } else if (prefix.equals("-")) {
            prefix = "";
        }
        List<String> groups = new ArrayList<>();
        if (config.getGroupsClaim() != null && !config.getGroupsClaim().isEmpty()) {
            Object claimed = jwt.getClaims().get(config.getGroupsClaim());
            String groupsPrefix = config.getGroupsPrefix() == null ? "" : config.getGroupsPrefix();
            if (claimed instanceof String single) {
                groups.add(groupsPrefix + single);
            } else if (claimed instanceof Collection<?> many) {
                many.forEach(g -> groups.add(groupsPrefix + g));
            }
        }
        return new UserInfo(prefix + username, "", groups, Map.of());
    }
}
