package dev.capstan.api.security.rbac;

import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's union authorizer behind the privileged-group authorizer: members of system:masters may do anything;
 * otherwise each authorizer is asked in order (Node, then RBAC) and the first that allows or denies decides. When
 * none has an opinion the request is refused, with the authorizers' reasons joined.
 */
public final class AuthorizerChain implements Authorizer {

    private final List<Authorizer> authorizers;

    public AuthorizerChain(List<Authorizer> authorizers) {
        this.authorizers = List.copyOf(authorizers);
    }

    @Override
    public Decision authorize(RequestAttributes attributes) {
        if (attributes.user() != null && attributes.user().inGroup(UserInfo.MASTERS_GROUP)) {
            return Decision.allow("");
        }
        List<String> reasons = new ArrayList<>();
        for (Authorizer authorizer : authorizers) {
            Decision decision = authorizer.authorize(attributes);
            if (decision.outcome() != Outcome.NO_OPINION) {
                return decision;
            }
            if (decision.reason() != null && !decision.reason().isEmpty()) {
                reasons.add(decision.reason());
            }
        }
        return Decision.noOpinion(String.join("\n", reasons));
    }

    /** Whether the decision lets the request through (anything but ALLOW is a refusal). */
    public static boolean allowed(Decision decision) {
        return decision.outcome() == Outcome.ALLOW;
    }
}
