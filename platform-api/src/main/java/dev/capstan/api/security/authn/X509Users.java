package dev.capstan.api.security.authn;

import dev.capstan.api.security.UserInfo;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Upstream's x509 authenticator ({@code CommonNameUserConversion}): the certificate's CN is the user, every O a
 * group. The TLS layer has already verified the chain against the cluster CA (client auth "want").
 */
public final class X509Users {

    private X509Users() {
    }

    public static UserInfo user(X509Certificate certificate) {
        String name = "";
        List<String> groups = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    name = rdn.getValue().toString();
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            name = certificate.getSubjectX500Principal().getName();
        }
        Collections.reverse(groups); // LdapName lists RDNs last-first
        return new UserInfo(name, "", groups, Map.of());
    }
}
