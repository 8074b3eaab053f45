package dev.capstan.api.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who made a request, as upstream's {@code user.Info}: user name, uid, groups and extra attributes. Set on the
 * exchange by authentication (attribute {@link #ATTRIBUTE}) and read by authorization, admission and audit.
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    public static final String ATTRIBUTE = "capstan.user";
    public static final String ANONYMOUS = "system:anonymous";
    public static final String UNAUTHENTICATED_GROUP = "system:unauthenticated";
    public static final String AUTHENTICATED_GROUP = "system:authenticated";
    public static final String MASTERS_GROUP = "system:masters";

    public UserInfo {
        uid = uid == null ? "" : uid;
        groups = groups == null ? List.of() : List.copyOf(groups);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public static UserInfo anonymous() {
        return new UserInfo(ANONYMOUS, "", List.of(UNAUTHENTICATED_GROUP), Map.of());
    }

    public static Optional<UserInfo> of(ServerWebExchange exchange) {
        Object user = exchange.getAttribute(ATTRIBUTE);
        return user instanceof UserInfo info ? Optional.of(info) : Optional.empty();
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
