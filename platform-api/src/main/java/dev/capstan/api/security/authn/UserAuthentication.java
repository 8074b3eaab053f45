package dev.capstan.api.security.authn;

import dev.capstan.api.security.UserInfo;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Spring Security's view of an authenticated {@link UserInfo}: the groups become authorities. */
public final class UserAuthentication extends AbstractAuthenticationToken {

    private final UserInfo user;

    public UserAuthentication(UserInfo user) {
        super(user.groups().stream().map(SimpleGrantedAuthority::new).toList());
        this.user = user;
        setAuthenticated(true);
    }

    public UserInfo user() {
        return user;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user.name();
    }

    /** Upstream's AuthenticatedGroupAdder: every authenticated user is in system:authenticated. */
    static UserInfo withAuthenticatedGroup(UserInfo user) {
        if (user.inGroup(UserInfo.AUTHENTICATED_GROUP) || user.name().equals(UserInfo.ANONYMOUS)) {
            return user;
        }
        List<String> groups = new java.util.ArrayList<>(user.groups());
        groups.add(UserInfo.AUTHENTICATED_GROUP);
        return new UserInfo(user.name(), user.uid(), groups, user.extra());
    }
}
