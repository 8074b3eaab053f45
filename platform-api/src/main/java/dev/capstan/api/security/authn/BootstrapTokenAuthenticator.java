package dev.capstan.api.security.authn;

import dev.capstan.api.security.UserInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's bootstrap token authenticator: a token {@code <id>.<secret>} is valid when the Secret
 * {@code kube-system/bootstrap-token-<id>} of type {@code bootstrap.kubernetes.io/token} holds the same id and
 * secret, allows authentication ({@code usage-bootstrap-authentication: "true"}), is not expired and not being
 * deleted. The user is {@code system:bootstrap:<id>} in {@code system:bootstrappers} plus the Secret's
 * {@code auth-extra-groups}, which must all be {@code system:bootstrappers:*} groups.
 */
public final class BootstrapTokenAuthenticator implements TokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(BootstrapTokenAuthenticator.class);

    static final Pattern TOKEN = Pattern.compile("^([a-z0-9]{6})\\.([a-z0-9]{16})$");
    static final Pattern EXTRA_GROUP = Pattern.compile("^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$");
    static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
    static final String GROUP = "system:bootstrappers";

    private final CoreObjects objects;
    private final Clock clock;

    public BootstrapTokenAuthenticator(CoreObjects objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    @Override
    public Mono<UserInfo> authenticate(String token) {
        var match = TOKEN.matcher(token);
        if (!match.matches()) {
            return Mono.empty();
        }
        String id = match.group(1);
        String secret = match.group(2);
        return objects.get("secrets", "kube-system", "bootstrap-token-" + id)
                .mapNotNull(s -> user(s, id, secret, clock.instant()));
    }

    /** The user a bootstrap token Secret gives for this id and secret, or null when it must be refused. */
    static UserInfo user(ObjectNode secret, String id, String tokenSecret, Instant now) {
        String name = "bootstrap-token-" + id;
        if (!SECRET_TYPE.equals(secret.path("type").asString(""))) {
            log.debug("event=bootstrap_token_refused secret={} why=type", name);
            return null;
        }
        if (secret.path("metadata").hasNonNull("deletionTimestamp")) {
            return null;
        }
        if (!id.equals(value(secret, "token-id"))
                || !MessageDigest.isEqual(tokenSecret.getBytes(StandardCharsets.UTF_8),
                        String.valueOf(value(secret, "token-secret")).getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        String expiration = value(secret, "expiration");
        if (expiration != null) {
            try {
                if (!Instant.parse(expiration).isAfter(now)) {
                    return null;
                }
            } catch (DateTimeParseException e) {
                return null; // upstream treats an unparsable expiration as expired
            }
        }
        if (!"true".equals(value(secret, "usage-bootstrap-authentication"))) {
            return null;
        }
        List<String> groups = new ArrayList<>(List.of(GROUP));
        String extra = value(secret, "auth-extra-groups");
        if (extra != null && !extra.isEmpty()) {
            for (String group : extra.split(",")) {
                if (!EXTRA_GROUP.matcher(group).matches()) {
                    return null;
                }
                groups.add(group);
            }
        }
        return new UserInfo("system:bootstrap:" + id, "", groups, Map.of());
    }

    /** A data entry (base64) or, for a Secret written with stringData only, that entry. */
    private static String value(ObjectNode secret, String key) {
        JsonNode data = secret.path("data").path(key);
        if (data.isString()) {
            try {
                return new String(Base64.getDecoder().decode(data.asString()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        JsonNode plain = secret.path("stringData").path(key);
        return plain.isString() ? plain.asString() : null;
    }
}
