package dev.capstan.api.certificates;

import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import java.util.function.Supplier;

/**
 * Upstream's certificates admission authorization (plugin/pkg/admission/certificates/util.go): may {@code user}
 * {@code verb} (approve, sign) {@code signers} named {@code signerName}, or {@code <domain>/*}.
 */
public final class SignerAccess {

    private final Supplier<Authorizer> authorizer;

    public SignerAccess(Supplier<Authorizer> authorizer) {
        this.authorizer = authorizer;
    }

    public boolean allowed(UserInfo user, String verb, String signerName) {
        Authorizer current = authorizer.get();
        if (current == null) {
            return user.inGroup(UserInfo.MASTERS_GROUP);
        }
        if (allows(current, user, verb, signerName)) {
            return true;
        }
        int slash = signerName.indexOf('/');
        return slash > 0 && allows(current, user, verb, signerName.substring(0, slash) + "/*");
    }

    private static boolean allows(Authorizer authorizer, UserInfo user, String verb, String name) {
        if (user.inGroup(UserInfo.MASTERS_GROUP)) {
            return true;
        }
        RequestAttributes attributes = RequestAttributes.resource(user, verb, "certificates.k8s.io", "*", "signers",
                null, null, name);
        return authorizer.authorize(attributes).outcome() == Authorizer.Outcome.ALLOW;
    }
}
