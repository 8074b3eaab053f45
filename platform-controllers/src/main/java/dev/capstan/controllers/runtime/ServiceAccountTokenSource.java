package dev.capstan.controllers.runtime;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A ServiceAccount's bearer token for a controller, as upstream's controller manager gets them: the manager's own
 * identity makes sure the account exists in its namespace and asks the TokenRequest API for a token, renewed once
 * 80 % of its lifetime has passed, or at once after the API server rejected it ({@link #reject}). Asked for before
 * every request ({@link ServiceAccountTokenInterceptor}); the token is cached in between.
 */
final class ServiceAccountTokenSource {

    static final Duration LIFETIME = Duration.ofHours(1);

    private final KubernetesClient manager;
    private final String namespace;
    private final String serviceAccount;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;
    private Instant expiresAt = Instant.MIN;

    ServiceAccountTokenSource(KubernetesClient manager, String namespace, String serviceAccount, Clock clock) {
        this.manager = manager;
        this.namespace = namespace;
        this.serviceAccount = serviceAccount;
        this.clock = clock;
    }

    synchronized String getToken() {
        Instant now = clock.instant();
        if (token == null || now.isAfter(renewAt)) {
            try {
                renew(now);
            } catch (RuntimeException e) {
                if (token == null || !now.isBefore(expiresAt)) {
                    throw e;
                }
                // the API is briefly unreachable: the current token is still good, the next request tries again
            }
        }
        return token;
    }

    /** The API server answered 401 to {@code rejected}: the next {@link #getToken} asks for a new one. */
    synchronized void reject(String rejected) {
        if (token != null && token.equals(rejected)) {
            token = null;
            expiresAt = Instant.MIN;
        }
    }

    private void renew(Instant now) {
        ensureAccount();
        TokenRequest issued = manager.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(LIFETIME.toSeconds())
                        .endSpec().build());
        token = issued.getStatus().getToken();
        expiresAt = Instant.parse(issued.getStatus().getExpirationTimestamp());
        renewAt = now.plus(Duration.between(now, expiresAt).multipliedBy(8).dividedBy(10));
    }

    private void ensureAccount() {
        var accounts = manager.serviceAccounts().inNamespace(namespace);
        if (accounts.withName(serviceAccount).get() != null) {
            return;
        }
        try {
            accounts.resource(new ServiceAccountBuilder().withNewMetadata().withName(serviceAccount).endMetadata().build())
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // another controller manager made it first
                throw e;
            }
        }
    }
}
