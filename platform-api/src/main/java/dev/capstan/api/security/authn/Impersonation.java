package dev.capstan.api.security.authn;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Upstream's impersonation filter: {@code Impersonate-User}, {@code Impersonate-Group} (repeatable),
 * {@code Impersonate-Uid} and {@code Impersonate-Extra-<key>} make the request act as another user, when the real
 * user may {@code impersonate} each requested value: users, groups and serviceaccounts (core group) and uids and
 * userextras/{key} (authentication.k8s.io), the names being the requested values. The Authorizer decides; without
 * one, only system:masters may impersonate. Refused: 403 with upstream's Forbidden message. The real user is kept
 * on the exchange ({@link #IMPERSONATOR_ATTRIBUTE}) for audit.
 */
public final class Impersonation implements WebFilter {

    public static final String IMPERSONATOR_ATTRIBUTE = "capstan.impersonator";
    static final String USER_HEADER = "Impersonate-User";
    static final String GROUP_HEADER = "Impersonate-Group";
    static final String UID_HEADER = "Impersonate-Uid";
    static final String EXTRA_PREFIX = "Impersonate-Extra-";
    static final String AUTHENTICATION_GROUP = "authentication.k8s.io";

    private final Supplier<Authorizer> authorizer;

    /** @param authorizer the Authorizer, or a supplier of null when there is none (masters-only then) */
    public Impersonation(Supplier<Authorizer> authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String user = headers.getFirst(USER_HEADER);
        List<String> groups = headers.getOrDefault(GROUP_HEADER, List.of());
        String uid = headers.getFirst(UID_HEADER);
        Map<String, List<String>> extra = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name.regionMatches(true, 0, EXTRA_PREFIX, 0, EXTRA_PREFIX.length())) {
                String key = URLDecoder.decode(name.substring(EXTRA_PREFIX.length()).toLowerCase(Locale.ROOT)
                        .replace("+", "%2B"), StandardCharsets.UTF_8);
                extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(values);
            }
        });
        boolean hasUser = user != null && !user.isEmpty();
        if (!hasUser && (!groups.isEmpty() || !extra.isEmpty() || headers.containsHeader(UID_HEADER))) {
            return StatusResponses.write(exchange, new ApiException(500, "InternalError",
                    "Internal error occurred: requested impersonation of groups, uid or extra without impersonating a user",
                    null));
        }
        if (!hasUser) {
            return chain.filter(exchange);
        }
        UserInfo requestor = UserInfo.of(exchange).orElse(UserInfo.anonymous());
        try {
            UserInfo impersonated = impersonate(requestor, user, groups, uid, extra);
            ServerHttpRequest stripped = exchange.getRequest().mutate().headers(h -> {
                h.remove(USER_HEADER);
                h.remove(GROUP_HEADER);
                h.remove(UID_HEADER);
                new ArrayList<>(h.headerNames()).stream()
                        .filter(n -> n.regionMatches(true, 0, EXTRA_PREFIX, 0, EXTRA_PREFIX.length()))
                        .forEach(h::remove);
            }).build();
            ServerWebExchange next = exchange.mutate().request(stripped).build();
            next.getAttributes().put(UserInfo.ATTRIBUTE, impersonated);
            next.getAttributes().put(IMPERSONATOR_ATTRIBUTE, requestor);
            return chain.filter(next);
        } catch (ApiException e) {
            return StatusResponses.write(exchange, e);
        }
    }

    /** The user the requestor acts as; throws 403 for the first requested value it may not impersonate. */
    UserInfo impersonate(UserInfo requestor, String user, List<String> groups, String uid,
                         Map<String, List<String>> extra) {
        String username = user;
        List<String> finalGroups = new ArrayList<>(groups);
        String prefix = ServiceAccountTokens.SUBJECT_PREFIX;
        String[] account = user.startsWith(prefix) ? user.substring(prefix.length()).split(":", -1) : null;
        if (account != null && account.length == 2 && !account[0].isEmpty() && !account[1].isEmpty()) {
            check(requestor, "", "serviceaccounts", "", account[0], account[1]);
            if (groups.isEmpty()) {
                finalGroups.addAll(ServiceAccountTokenAuthenticator.groups(account[0]));
            }
        } else {
            check(requestor, "", "users", "", "", user);
        }
        for (String group : groups) {
            check(requestor, "", "groups", "", "", group);
        }
        for (Map.Entry<String, List<String>> e : extra.entrySet()) {
            for (String value : e.getValue()) {
                check(requestor, AUTHENTICATION_GROUP, "userextras", e.getKey(), "", value);
            }
        }
        if (uid != null) {
            check(requestor, AUTHENTICATION_GROUP, "uids", "", "", uid);
        }
        if (!username.equals(UserInfo.ANONYMOUS)) {
            if (!finalGroups.contains(UserInfo.AUTHENTICATED_GROUP) && !finalGroups.contains(UserInfo.UNAUTHENTICATED_GROUP)) {
                finalGroups.add(UserInfo.AUTHENTICATED_GROUP);
            }
        } else if (!finalGroups.contains(UserInfo.UNAUTHENTICATED_GROUP)) {
            finalGroups.add(UserInfo.UNAUTHENTICATED_GROUP);
        }
        return new UserInfo(username, uid, finalGroups, extra);
    }

    private void check(UserInfo requestor, String group, String resource, String subresource, String namespace,
                       String name) {
        RequestAttributes attributes = RequestAttributes.resource(requestor, "impersonate", group, "v1", resource,
                subresource, namespace, name);
        Authorizer current = authorizer.get();
        String reason = "";
        boolean allowed;
        if (current == null) {
            allowed = requestor.inGroup(UserInfo.MASTERS_GROUP);
        } else {
            Authorizer.Decision decision = current.authorize(attributes);
            allowed = decision.outcome() == Authorizer.Outcome.ALLOW;
            reason = decision.reason() == null ? "" : decision.reason();
        }
        if (!allowed) {
            throw forbidden(attributes, reason);
        }
    }

    /** Upstream's responsewriters.ForbiddenStatusError wording. */
    static ApiException forbidden(RequestAttributes a, String reason) {
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        String message = "User \"" + a.user().name() + "\" cannot " + a.verb() + " resource \"" + resource
                + "\" in API group \"" + a.apiGroup() + "\""
                + (a.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
        if (!reason.isEmpty()) {
            message += ": " + reason;
        }
        String qualified = a.apiGroup().isEmpty() ? a.resource() : a.resource() + "." + a.apiGroup();
        String prefix = a.name().isEmpty() ? qualified : qualified + " \"" + a.name() + "\"";
        return new ApiException(403, "Forbidden", prefix + " is forbidden: " + message,
                ApiException.Details.of(a.name(), a.apiGroup(), a.resource()));
    }
}
