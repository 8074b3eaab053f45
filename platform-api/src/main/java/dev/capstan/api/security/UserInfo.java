package dev.capstan.api.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

    /**
     * Writes this user into {@code target} in upstream's {@code authentication.k8s.io} UserInfo shape (username,
     * uid, groups, extra; empty fields omitted, as upstream's omitempty), the form TokenReview, SelfSubjectReview,
     * audit events, AdmissionReview and CertificateSigningRequest specs all carry.
     */
    public ObjectNode writeTo(ObjectNode target) {
        if (!name.isEmpty()) {
            // omitempty, as upstream: the user of a request refused by authentication is written {}
            target.put("username", name);
        }
        if (!uid.isEmpty()) {
            target.put("uid", uid);
        }
        if (!groups.isEmpty()) {
            ArrayNode list = target.putArray("groups");
            groups.forEach(list::add);
        }
        if (!extra.isEmpty()) {
            ObjectNode values = target.putObject("extra");
            extra.forEach((key, value) -> {
                ArrayNode list = values.putArray(key);
                value.forEach(list::add);
            });
        }
        return target;
    }
}
