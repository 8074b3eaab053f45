package dev.capstan.api.security.authn;

import dev.capstan.api.security.UserInfo;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Upstream's anonymous authenticator, last in the union: a request that presented no credentials is
 * {@code system:anonymous} in {@code system:unauthenticated}. (One that presented bad credentials never gets here:
 * it has already been answered 401.)
 */
public final class AnonymousUser implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getAttributes().putIfAbsent(UserInfo.ATTRIBUTE, UserInfo.anonymous());
        return chain.filter(exchange);
    }
}
