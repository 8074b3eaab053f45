package dev.capstan.api.security.authn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints and checks ServiceAccount tokens as upstream's {@code serviceaccount.JWTTokenGenerator} and its bound-token
 * validator: RS256 JWTs with {@code iss}, {@code sub} = {@code system:serviceaccount:<ns>:<name>}, {@code aud},
 * {@code exp}/{@code iat}/{@code nbf}, {@code jti} and the private claim {@code kubernetes.io} (namespace,
 * serviceaccount name/uid, and the pod or secret the token is bound to). Checking here covers what the token says
 * about itself (signature, issuer, audience, time); whether the objects it names still exist is the
 * {@link ServiceAccountTokenAuthenticator}'s job.
 */
public final class ServiceAccountTokens {

    public static final String SUBJECT_PREFIX = "system:serviceaccount:";
    static final String PRIVATE_CLAIM = "kubernetes.io";
    /** Clock skew tolerated on nbf and iat, as upstream's validator allows. */
    static final Duration LEEWAY = Duration.ofMinutes(1);

    private final ServiceAccountKeys keys;
    private final String issuer;
    private final List<String> apiAudiences;
    private final Clock clock;

    public ServiceAccountTokens(ServiceAccountKeys keys, String issuer, List<String> apiAudiences, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.clock = clock;
    }

    /** A reference to an object a token is bound to (its kind is implied by where it sits). */
    public record ObjectRef(String name, String uid) {
    }

    /** What a valid token says: whose it is and what it is bound to (pod and secret may be null). */
    public record Claims(String namespace, String serviceAccount, String serviceAccountUid, ObjectRef pod,
                         ObjectRef secret, String id, Instant expiry) {

        public String username() {
            return SUBJECT_PREFIX + namespace + ":" + serviceAccount;
        }
    }

    /** A minted token and when it expires. */
    public record Minted(String token, Instant expiration) {
    }

    public String issuer() {
        return issuer;
    }

    public List<String> apiAudiences() {
        return apiAudiences;
    }

    public Clock clock() {
        return clock;
    }

    /** Mints a token for the ServiceAccount, valid for {@code lifetime} from now, bound to a pod or a secret. */
    public Minted issue(String namespace, String serviceAccount, String serviceAccountUid, List<String> audiences,
                        Duration lifetime, ObjectRef pod, ObjectRef secret) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expiry = now.plus(lifetime);
        Map<String, Object> kubernetes = new LinkedHashMap<>();
        kubernetes.put("namespace", namespace);
        if (pod != null) {
            kubernetes.put("pod", ref(pod));
        }
        if (secret != null) {
            kubernetes.put("secret", ref(secret));
        }
        kubernetes.put("serviceaccount", ref(new ObjectRef(serviceAccount, serviceAccountUid)));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(SUBJECT_PREFIX + namespace + ":" + serviceAccount)
                .audience(audiences)
                .expirationTime(Date.from(expiry))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString())
                .claim(PRIVATE_CLAIM, kubernetes)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.keyId()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(keys.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a service account token", e);
        }
        return new Minted(jwt.serialize(), expiry);
    }

    private static Map<String, Object> ref(ObjectRef ref) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", ref.name());
        out.put("uid", ref.uid());
        return out;
    }

    /**
     * The token's claims when it is a JWT this server signed, for this issuer, for one of the API's audiences, and
     * within its validity; empty otherwise (not a JWT, another issuer's, forged, expired, or for another audience).
     */
    public Optional<Claims> verify(String token) {
        return verify(token, apiAudiences);
    }

    /** As {@link #verify(String)}, for a token that must be meant for one of {@code audiences}. */
    public Optional<Claims> verify(String token, List<String> audiences) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!issuer.equals(claims.getIssuer())) {
                return Optional.empty(); // not ours: another authenticator's (upstream checks iss before the signature)
            }
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new RSASSAVerifier(keys.publicKey()))) {
                return Optional.empty();
            }
            if (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audiences::contains)) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
                return Optional.empty();
            }
            if (claims.getNotBeforeTime() != null && now.plus(LEEWAY).isBefore(claims.getNotBeforeTime().toInstant())) {
                return Optional.empty();
            }
            if (claims.getIssueTime() != null && now.plus(LEEWAY).isBefore(claims.getIssueTime().toInstant())) {
                return Optional.empty();
            }
            Map<String, Object> kubernetes = claims.getJSONObjectClaim(PRIVATE_CLAIM);
            if (kubernetes == null) {
                return Optional.empty();
            }
            String namespace = string(kubernetes.get("namespace"));
            ObjectRef account = objectRef(kubernetes.get("serviceaccount"));
            if (namespace == null || account == null || account.name() == null
                    || !(SUBJECT_PREFIX + namespace + ":" + account.name()).equals(claims.getSubject())) {
                return Optional.empty();
            }
            return Optional.of(new Claims(namespace, account.name(), account.uid(), objectRef(kubernetes.get("pod")),
                    objectRef(kubernetes.get("secret")), claims.getJWTID(), claims.getExpirationTime().toInstant()));
        } catch (ParseException | JOSEException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static ObjectRef objectRef(Object value) {
        if (value instanceof Map<?, ?> map) {
            return new ObjectRef(string(map.get("name")), string(map.get("uid")));
        }
        return null;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }
}
