package dev.capstan.controllers.runtime;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import java.util.concurrent.CompletableFuture;

/**
 * Authenticates a controller's requests with its ServiceAccount token, in place of Fabric8's token interceptor
 * (same name, {@value TokenRefreshInterceptor#NAME}). On a 401 the rejected token is dropped and the request is
 * sent once more with a new one, as upstream's controller client builder does: a token stops working before its
 * expiry when its ServiceAccount is deleted and made again, or the signing key changes. Fabric8's own interceptor
 * would ask the token source again and get the same cached, rejected token.
 */
final class ServiceAccountTokenInterceptor implements Interceptor {

    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";

    private final ServiceAccountTokenSource tokens;

    ServiceAccountTokenInterceptor(ServiceAccountTokenSource tokens) {
        this.tokens = tokens;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        builder.setHeader(AUTHORIZATION, BEARER + tokens.getToken());
    }

    @Override
    public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
        if (response.code() != 401) {
            return CompletableFuture.completedFuture(false);
        }
        String sent = response.request().header(AUTHORIZATION);
        String rejected = sent != null && sent.startsWith(BEARER) ? sent.substring(BEARER.length()) : null;
        tokens.reject(rejected);
        String fresh = tokens.getToken();
        if (fresh.equals(rejected)) {
            return CompletableFuture.completedFuture(false);
        }
        builder.setHeader(AUTHORIZATION, BEARER + fresh);
        return CompletableFuture.completedFuture(true);
    }
}
