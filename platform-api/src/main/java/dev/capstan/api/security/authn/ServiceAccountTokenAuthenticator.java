package dev.capstan.api.security.authn;

import dev.capstan.api.security.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Upstream's ServiceAccount token authenticator for bound tokens: a token {@link ServiceAccountTokens} accepts
 * authenticates only while its ServiceAccount, and the pod or secret it is bound to, still exist with the uids the
 * token names and are not being deleted. The user is {@code system:serviceaccount:<ns>:<name>} with the
 * ServiceAccount's uid, in {@code system:serviceaccounts} and {@code system:serviceaccounts:<ns>}, with the pod and
 * token id as extra (as upstream's {@code authentication.kubernetes.io/*} keys).
 */
public final class ServiceAccountTokenAuthenticator implements TokenAuthenticator {

    public static final String EXTRA_POD_NAME = "authentication.kubernetes.io/pod-name";
    public static final String EXTRA_POD_UID = "authentication.kubernetes.io/pod-uid";
    public static final String EXTRA_CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

    private final ServiceAccountTokens tokens;
    private final CoreObjects objects;

    public ServiceAccountTokenAuthenticator(ServiceAccountTokens tokens, CoreObjects objects) {
        this.tokens = tokens;
        this.objects = objects;
    }

    @Override
    public Mono<UserInfo> authenticate(String token) {
        return authenticate(token, tokens.apiAudiences());
    }

    @Override
    public Mono<UserInfo> authenticate(String token, List<String> audiences) {
        return Mono.justOrEmpty(tokens.verify(token, audiences)).flatMap(claims -> {
            Mono<Boolean> live = alive("serviceaccounts", claims.namespace(), claims.serviceAccount(),
                    claims.serviceAccountUid());
            if (claims.pod() != null) {
                live = live.zipWith(alive("pods", claims.namespace(), claims.pod().name(), claims.pod().uid()),
                        Boolean::logicalAnd);
            }
            if (claims.secret() != null) {
                live = live.zipWith(alive("secrets", claims.namespace(), claims.secret().name(), claims.secret().uid()),
                        Boolean::logicalAnd);
            }
            return live.filter(Boolean::booleanValue).map(ok -> user(claims));
        });
    }

    /** Whether the object exists with this uid and is not being deleted. */
    private Mono<Boolean> alive(String plural, String namespace, String name, String uid) {
        if (name == null) {
            return Mono.just(false);
        }
        return objects.get(plural, namespace, name)
                .map(object -> uid != null && uid.equals(object.path("metadata").path("uid").asString(""))
                        && !object.path("metadata").hasNonNull("deletionTimestamp"))
                .defaultIfEmpty(false);
    }

    static UserInfo user(ServiceAccountTokens.Claims claims) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        if (claims.pod() != null) {
            extra.put(EXTRA_POD_NAME, List.of(claims.pod().name()));
            extra.put(EXTRA_POD_UID, List.of(claims.pod().uid()));
        }
        if (claims.id() != null) {
            extra.put(EXTRA_CREDENTIAL_ID, List.of("JTI=" + claims.id()));
        }
        return new UserInfo(claims.username(), claims.serviceAccountUid(), groups(claims.namespace()), extra);
    }

    /** Upstream's serviceaccount.MakeGroupNames. */
    public static List<String> groups(String namespace) {
        List<String> groups = new ArrayList<>();
        groups.add("system:serviceaccounts");
        groups.add("system:serviceaccounts:" + namespace);
        return groups;
    }
}
