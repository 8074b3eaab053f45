package dev.capstan.api.security.rbac;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Upstream's WithAuthorization filter: every request, once authenticated, is turned into request attributes and
 * put to the authorizer; a refusal answers 403 Forbidden before any handler runs, so nothing changes. A request
 * without a user on the exchange is anonymous (system:anonymous in system:unauthenticated).
 */
public final class AuthorizationFilter implements WebFilter, Ordered {

    /** After authentication (Spring Security's WebFilterChainProxy runs at -100), before the handlers. */
    public static final int ORDER = 0;

    private static final Logger log = LoggerFactory.getLogger(AuthorizationFilter.class);

    private final Authorizer authorizer;

    public AuthorizationFilter(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        UserInfo user = UserInfo.of(exchange).orElseGet(UserInfo::anonymous);
        var request = exchange.getRequest();
        RequestAttributes attributes = RequestAttributesFactory.of(user, request.getMethod().name(),
                request.getPath().value(), request.getQueryParams()::getFirst);
        // system:masters is decided at once; other decisions read in-memory caches (the node authorizer scans a
        // node's pods), off the event loop
        Mono<Authorizer.Decision> decided = user.inGroup(UserInfo.MASTERS_GROUP)
                ? Mono.just(authorizer.authorize(attributes))
                : Mono.fromCallable(() -> authorizer.authorize(attributes)).subscribeOn(Schedulers.boundedElastic());
        return decided.flatMap(decision -> {
            if (AuthorizerChain.allowed(decision)) {
                return chain.filter(exchange);
            }
            log.debug("event=forbidden user={} verb={} path={} reason={}", user.name(), attributes.verb(),
                    request.getPath().value(), decision.reason());
            return write(exchange, ForbiddenErrors.forbidden(attributes, decision.reason()));
        });
    }

    private static Mono<Void> write(ServerWebExchange exchange, ApiException error) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(error.code()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = Json.write(error.toStatus());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
