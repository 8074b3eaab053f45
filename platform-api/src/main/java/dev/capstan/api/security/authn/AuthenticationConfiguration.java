package dev.capstan.api.security.authn;

import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.audit.AuditFilter;
import dev.capstan.api.config.StoreProperties;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.security.Authorizer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Authentication on Spring Security's reactive chain, as upstream's kube-apiserver authenticates: client
 * certificates, bearer tokens (static token file, bootstrap tokens, ServiceAccount tokens, optional OIDC), else
 * anonymous; then impersonation. Every request leaves the chain with a {@link dev.capstan.api.security.UserInfo}
 * on the exchange, or has been answered 401/403. Also serves what authentication owns: the ServiceAccount
 * {@code token} subresource, issuer discovery, TokenReview and SelfSubjectReview.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AuthenticationProperties.class)
public class AuthenticationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationConfiguration.class);

    @Bean
    public ServiceAccountKeys serviceAccountKeys(AuthenticationProperties properties, StoreProperties store) {
        Path file = properties.getServiceAccountKeyFile() != null ? properties.getServiceAccountKeyFile()
                : store.getDataDir().toAbsolutePath().resolve("pki").resolve("sa.key");
        return ServiceAccountKeys.loadOrCreate(file);
    }

    @Bean
    public ServiceAccountTokens serviceAccountTokens(ServiceAccountKeys keys, AuthenticationProperties properties,
                                                     Clock clock) {
        return new ServiceAccountTokens(keys, properties.getServiceAccountIssuer(), properties.audiences(), clock);
    }

    @Bean
    public CapstanAuthenticationManager capstanAuthenticationManager(AuthenticationProperties properties,
            ServiceAccountTokens tokens, ObjectStore store, ResourceRegistry registry, Clock clock) {
        CoreObjects objects = new CoreObjects(store, registry);
        List<TokenAuthenticator> authenticators = new ArrayList<>();
        if (properties.getTokenAuthFile() != null) {
            authenticators.add(StaticTokenFile.read(properties.getTokenAuthFile()));
            log.info("event=token_auth_file file={}", properties.getTokenAuthFile());
        }
        authenticators.add(new ServiceAccountTokenAuthenticator(tokens, objects));
        authenticators.add(new BootstrapTokenAuthenticator(objects, clock));
        AuthenticationProperties.Oidc oidc = properties.getOidc();
        if (oidc.getIssuerUrl() != null && !oidc.getIssuerUrl().isEmpty()) {
            authenticators.add(new OidcTokenAuthenticator(oidc));
            log.info("event=oidc_authenticator issuer={} client_id={}", oidc.getIssuerUrl(), oidc.getClientId());
        }
        return new CapstanAuthenticationManager(authenticators);
    }

    @Bean
    public SecurityWebFilterChain apiSecurityFilterChain(ServerHttpSecurity http,
            CapstanAuthenticationManager authenticationManager, ObjectProvider<Authorizer> authorizer,
            ObjectProvider<AuditFilter> audit) {
        AuthenticationWebFilter authentication = new AuthenticationWebFilter(authenticationManager);
        authentication.setServerAuthenticationConverter(new CredentialsConverter());
        authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        authentication.setAuthenticationSuccessHandler((webFilterExchange, result) -> {
            var exchange = webFilterExchange.getExchange();
            exchange.getAttributes().put(dev.capstan.api.security.UserInfo.ATTRIBUTE, ((UserAuthentication) result).user());
            return webFilterExchange.getChain().filter(exchange);
        });
        authentication.setAuthenticationFailureHandler((webFilterExchange, e) -> {
            // the audit filter runs after authentication (it needs the user): refused credentials are audited here
            audit.ifAvailable(filter -> filter.auditFailedAuthentication(webFilterExchange.getExchange()));
            return StatusResponses.write(webFilterExchange.getExchange(), StatusResponses.unauthorized());
        });
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAt(new AnonymousUser(), SecurityWebFiltersOrder.ANONYMOUS_AUTHENTICATION)
                .addFilterBefore(new Impersonation(authorizer::getIfAvailable), SecurityWebFiltersOrder.AUTHORIZATION)
                // authorization (RBAC, Node) is AuthorizationFilter, a WebFilter after this chain and the audit filter
                .build();
    }

    /** Ahead of the generic resource routes, which would otherwise answer these paths. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public RouterFunction<ServerResponse> authenticationRoutes(ServiceAccountTokens tokens, ServiceAccountKeys keys,
            CapstanAuthenticationManager authenticationManager, ObjectStore store, ResourceRegistry registry, Clock clock) {
        TokenRequestHandler tokenRequests = new TokenRequestHandler(tokens, new CoreObjects(store, registry));
        // in /api/v1 discovery as upstream lists it (kubectl api-resources, RBAC tooling): create-only, TokenRequest
        registry.registerDiscoveryOnly("", "v1", List.of(TokenRequestHandler.discovery()));
        ServiceAccountIssuerDiscovery discovery = new ServiceAccountIssuerDiscovery(tokens.issuer(), keys);
        SelfSubjectReviewHandler selfSubjectReviews = new SelfSubjectReviewHandler(clock);
        TokenReviewHandler tokenReviews = new TokenReviewHandler(authenticationManager, tokens.apiAudiences());
        return RouterFunctions.route()
                .POST("/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token", tokenRequests::create)
                .GET(ServiceAccountIssuerDiscovery.CONFIGURATION_PATH, discovery::configuration)
                .GET(ServiceAccountIssuerDiscovery.JWKS_PATH, discovery::jwks)
                .POST("/apis/authentication.k8s.io/{version:v1|v1beta1}/selfsubjectreviews", selfSubjectReviews::create)
                .POST("/apis/authentication.k8s.io/{version:v1}/tokenreviews", tokenReviews::create)
                .build();
    }
}
