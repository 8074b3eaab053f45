package dev.capstan.api.security.authn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the API authenticates ({@code capstan.api.*}), named after upstream's kube-apiserver flags:
 * {@code --token-auth-file}, {@code --service-account-key-file}, {@code --service-account-issuer},
 * {@code --api-audiences} and the {@code --oidc-*} flags.
 */
@ConfigurationProperties("capstan.api")
public class AuthenticationProperties {

    /** Upstream's default issuer, which kubeadm also uses. */
    public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";

    /** A CSV file of static bearer tokens: token,user,uid,"group1,group2". Unset: no static tokens. */
    private Path tokenAuthFile;

    /** The PEM RSA private key signing ServiceAccount tokens; unset: {@code <data-dir>/pki/sa.key}, made when absent. */
    private Path serviceAccountKeyFile;

    /** The {@code iss} of minted ServiceAccount tokens, and the issuer served by discovery. */
    private String serviceAccountIssuer = DEFAULT_ISSUER;

    /** The audiences the API accepts (upstream's --api-audiences); empty: the issuer. */
    private List<String> apiAudiences = new ArrayList<>();

    private final Oidc oidc = new Oidc();

    public Path getTokenAuthFile() {
        return tokenAuthFile;
    }

    public void setTokenAuthFile(Path tokenAuthFile) {
        this.tokenAuthFile = tokenAuthFile;
    }

    public Path getServiceAccountKeyFile() {
        return serviceAccountKeyFile;
    }

    public void setServiceAccountKeyFile(Path serviceAccountKeyFile) {
        this.serviceAccountKeyFile = serviceAccountKeyFile;
    }

    public String getServiceAccountIssuer() {
        return serviceAccountIssuer;
    }

    public void setServiceAccountIssuer(String serviceAccountIssuer) {
        this.serviceAccountIssuer = serviceAccountIssuer;
    }

    public List<String> getApiAudiences() {
        return apiAudiences;
    }

    public void setApiAudiences(List<String> apiAudiences) {
        this.apiAudiences = apiAudiences;
    }

    /** The audiences tokens must carry one of: as configured, else the issuer (upstream's default). */
    public List<String> audiences() {
        return apiAudiences == null || apiAudiences.isEmpty() ? List.of(serviceAccountIssuer) : List.copyOf(apiAudiences);
    }

    public Oidc getOidc() {
        return oidc;
    }

    /** An external OpenID Connect issuer whose ID tokens the API accepts (upstream's --oidc-* flags). */
    public static class Oidc {

        /** The issuer URL; unset: OIDC is off. */
        private String issuerUrl;

        /** The client id every token's {@code aud} must contain. */
        private String clientId;

        /** The claim naming the user. */
        private String usernameClaim = "sub";

        /** Prepended to the user name; unset: {@code <issuer>#} unless the claim is email; "-": nothing. */
        private String usernamePrefix;

        /** The claim holding the user's groups (a string or a list); unset: no groups. */
        private String groupsClaim;

        /** Prepended to every group. */
        private String groupsPrefix = "";

        public String getIssuerUrl() {
            return issuerUrl;
        }

        public void setIssuerUrl(String issuerUrl) {
            this.issuerUrl = issuerUrl;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getUsernameClaim() {
            return usernameClaim;
        }

        public void setUsernameClaim(String usernameClaim) {
            this.usernameClaim = usernameClaim;
        }

        public String getUsernamePrefix() {
            return usernamePrefix;
        }

        public void setUsernamePrefix(String usernamePrefix) {
            this.usernamePrefix = usernamePrefix;
        }

        public String getGroupsClaim() {
            return groupsClaim;
        }

        public void setGroupsClaim(String groupsClaim) {
            this.groupsClaim = groupsClaim;
        }

        public String getGroupsPrefix() {
            return groupsPrefix;
        }

        public void setGroupsPrefix(String groupsPrefix) {
            this.groupsPrefix = groupsPrefix;
        }
    }
}
