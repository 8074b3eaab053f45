package dev.capstan.node.server;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Upstream kubelet's webhook authentication and authorization ({@code --authentication-token-webhook},
 * {@code --authorization-mode=Webhook}): a bearer token is checked with a TokenReview, and what its user may do
 * on this node with a SubjectAccessReview, both sent to the API server through the agent's own client. The
 * agent's identity needs {@code create} on tokenreviews and subjectaccessreviews (upstream's
 * {@code system:node} role and {@code system:auth-delegator} have it).
 */
public final class DelegatedAuthorizer {

    private final KubernetesClient client;
    private final String nodeName;

    public DelegatedAuthorizer(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /** What the caller with {@code token} may do; blocks for two API calls (callers run it off the event loop). */
    public Verdict review(String token, KubeletRequestAttributes request) {
        TokenReview review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                .withNewSpec().withToken(token).endSpec().build());
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
            return Verdict.UNAUTHENTICATED;
        }
        UserInfo user = review.getStatus().getUser();
        SubjectAccessReview access = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user.getUsername()).withGroups(user.getGroups()).withUid(user.getUid()).withExtra(user.getExtra())
                .withNewResourceAttributes()
                .withVerb(request.verb()).withVersion("v1").withResource("nodes")
                .withSubresource(request.subresource()).withName(nodeName)
                .endResourceAttributes()
                .endSpec().build());
        boolean allowed = access.getStatus() != null && Boolean.TRUE.equals(access.getStatus().getAllowed());
        return allowed ? Verdict.allowed(user.getUsername())
                // upstream's kubelet answers with exactly this text, which names what to grant
                : Verdict.forbidden("Forbidden (user=%s, verb=%s, resource=nodes, subresource=%s)"
                        .formatted(user.getUsername(), request.verb(), request.subresource()));
    }

    /** The outcome: the HTTP status to answer with when not allowed, and the text saying why. */
    public record Verdict(boolean allowed, int status, String message) {

        static final Verdict UNAUTHENTICATED = new Verdict(false, 401, "Unauthorized");

        static Verdict allowed(String user) {
            return new Verdict(true, 200, user);
        }

        static Verdict forbidden(String message) {
            return new Verdict(false, 403, message);
        }
    }
}
