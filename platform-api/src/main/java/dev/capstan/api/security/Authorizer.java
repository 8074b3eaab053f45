package dev.capstan.api.security;

/**
 * Decides whether a request may proceed, as upstream's {@code authorizer.Authorizer}: each authorizer (Node, RBAC)
 * allows, denies, or has no opinion; the chain asks them in order and the first opinion wins.
 */
@FunctionalInterface
public interface Authorizer {

    Decision authorize(RequestAttributes attributes);

    enum Outcome { ALLOW, DENY, NO_OPINION }

    /** The outcome and, for a denial, the reason upstream appends to the 403 message. */
    record Decision(Outcome outcome, String reason) {

        public static Decision allow(String reason) {
            return new Decision(Outcome.ALLOW, reason);
        }

        public static Decision deny(String reason) {
            return new Decision(Outcome.DENY, reason);
        }

        public static Decision noOpinion(String reason) {
            return new Decision(Outcome.NO_OPINION, reason);
        }
    }
}
