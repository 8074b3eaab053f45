package dev.capstan.api.admission;

import dev.capstan.api.registry.ObjectStore;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admission chain: every {@link AdmissionPlugin} bean (these built-ins, and any a jar declares), in order,
 * minus {@code capstan.api.admission.disabled-plugins}, installed into the {@link ObjectStore}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdmissionProperties.class)
public class AdmissionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ClusterReader admissionClusterReader(ObjectStore store) {
        return new ClusterReader(store);
    }

    @Bean
    public AdmissionChain admissionChain(ObjectStore store, List<AdmissionPlugin> plugins, AdmissionProperties properties) {
        AdmissionChain chain = new AdmissionChain(plugins, properties.getDisabledPlugins());
        store.useAdmission(chain);
        return chain;
    }

    @Bean
    public NamespaceLifecycle namespaceLifecycleAdmission(ClusterReader reader) {
        return new NamespaceLifecycle(reader);
    }

    @Bean
    public LimitRanger limitRangerAdmission(ClusterReader reader) {
        return new LimitRanger(reader);
    }

    @Bean
    public ServiceAccountAdmission serviceAccountAdmission(ClusterReader reader, AdmissionProperties properties) {
        return new ServiceAccountAdmission(reader, 60, java.time.Duration.ofMillis(500),
                properties.isMountServiceAccountToken());
    }

    @Bean
    public NodeRestriction nodeRestrictionAdmission(ClusterReader reader) {
        return new NodeRestriction(reader);
    }

    @Bean
    public PriorityAdmission priorityAdmission(ClusterReader reader) {
        return new PriorityAdmission(reader);
    }

    @Bean
    public DefaultTolerationSeconds defaultTolerationSecondsAdmission(AdmissionProperties properties) {
        return new DefaultTolerationSeconds(properties.getDefaultNotReadyTolerationSeconds().toSeconds(),
                properties.getDefaultUnreachableTolerationSeconds().toSeconds());
    }

    @Bean
    public PodSecurityAdmission podSecurityAdmission(ClusterReader reader, AdmissionProperties properties) {
        return new PodSecurityAdmission(reader, properties.getPodSecurity());
    }

    @Bean
    public dev.capstan.api.admission.webhook.MutatingWebhookAdmission mutatingWebhookAdmission(ClusterReader reader) {
        return new dev.capstan.api.admission.webhook.MutatingWebhookAdmission(reader);
    }

    @Bean
    public dev.capstan.api.admission.webhook.ValidatingWebhookAdmission validatingWebhookAdmission(ClusterReader reader) {
        return new dev.capstan.api.admission.webhook.ValidatingWebhookAdmission(reader);
    }

    @Bean
    public dev.capstan.api.certificates.SignerAccess certificateSignerAccess(
            org.springframework.beans.factory.ObjectProvider<dev.capstan.api.security.Authorizer> authorizer) {
        return new dev.capstan.api.certificates.SignerAccess(authorizer::getIfAvailable);
    }

    @Bean
    public CertificateApproval certificateApprovalAdmission(dev.capstan.api.certificates.SignerAccess signers) {
        return new CertificateApproval(signers);
    }

    @Bean
    public CertificateSigning certificateSigningAdmission(dev.capstan.api.certificates.SignerAccess signers) {
        return new CertificateSigning(signers);
    }

    @Bean
    public CertificateSubjectRestriction certificateSubjectRestrictionAdmission() {
        return new CertificateSubjectRestriction();
    }

    @Bean
    public ResourceQuotaAdmission resourceQuotaAdmission(ClusterReader reader) {
        return new ResourceQuotaAdmission(reader);
    }
}
