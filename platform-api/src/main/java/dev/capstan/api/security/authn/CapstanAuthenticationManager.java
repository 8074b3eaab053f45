package dev.capstan.api.security.authn;

import dev.capstan.api.security.UserInfo;
import java.util.List;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Upstream's union authenticator: a client certificate (already verified by TLS) is its CN/O user; a bearer token
 * is asked of each token authenticator in turn (static file, bootstrap, ServiceAccount, OIDC) and the first that
 * accepts it wins. A token no authenticator accepts fails the request (401): upstream does not fall back to
 * anonymous when credentials were presented. Every authenticated user gets system:authenticated.
 */
public final class CapstanAuthenticationManager implements ReactiveAuthenticationManager {

    private final List<TokenAuthenticator> tokenAuthenticators;

    public CapstanAuthenticationManager(List<TokenAuthenticator> tokenAuthenticators) {
        this.tokenAuthenticators = List.copyOf(tokenAuthenticators);
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof RequestCredentials credentials)) {
            return Mono.empty();
        }
        Mono<UserInfo> user = credentials.certificate() != null
                ? Mono.just(X509Users.user(credentials.certificate()))
                : authenticateToken(credentials.bearerToken());
        return user.map(UserAuthentication::withAuthenticatedGroup)
                .<Authentication>map(UserAuthentication::new)
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unauthorized")));
    }

    /** The user the first accepting authenticator gives, or empty. */
    public Mono<UserInfo> authenticateToken(String token) {
        return Flux.fromIterable(tokenAuthenticators)
                .concatMap(a -> a.authenticate(token).onErrorResume(e -> Mono.empty()))
                .next();
    }

    /** As {@link #authenticateToken(String)} for a token that must be meant for one of {@code audiences}. */
    public Mono<UserInfo> authenticateToken(String token, List<String> audiences) {
        return Flux.fromIterable(tokenAuthenticators)
                .concatMap(a -> a.authenticate(token, audiences).onErrorResume(e -> Mono.empty()))
                .next()
                .map(UserAuthentication::withAuthenticatedGroup);
    }
}
