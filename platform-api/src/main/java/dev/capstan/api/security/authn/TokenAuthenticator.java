package dev.capstan.api.security.authn;

import dev.capstan.api.security.UserInfo;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * One way of turning a bearer token into a user, as upstream's {@code authenticator.Token}: the user when the token
 * is this authenticator's and valid, empty when it is not (not its kind, unknown, expired, revoked). The request
 * fails with 401 when no authenticator accepts its token; a token is never treated as absent.
 */
@FunctionalInterface
public interface TokenAuthenticator {

    Mono<UserInfo> authenticate(String token);

    /**
     * As {@link #authenticate(String)}, for a token that must be meant for one of {@code audiences} (a TokenReview's
     * audiences). Tokens that name no audience (static, bootstrap) ignore them, as upstream's audience-agnostic
     * authenticators do.
     */
    default Mono<UserInfo> authenticate(String token, List<String> audiences) {
        return authenticate(token);
    }
}
