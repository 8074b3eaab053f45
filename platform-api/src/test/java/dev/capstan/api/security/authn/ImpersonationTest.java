package dev.capstan.api.security.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImpersonationTest {

    static final UserInfo ADMIN = new UserInfo("admin", "", List.of("system:masters", "system:authenticated"), Map.of());
    static final UserInfo ALICE = new UserInfo("alice", "", List.of("system:authenticated"), Map.of());

    @Test
    void withoutAnAuthorizerMastersMayImpersonate() {
        UserInfo user = new Impersonation(() -> null).impersonate(ADMIN, "carol", List.of("auditors"), null, Map.of());

        assertThat(user).isEqualTo(new UserInfo("carol", "", List.of("auditors", "system:authenticated"), Map.of()));
    }

    @Test
    void withoutAnAuthorizerOthersAreForbiddenInUpstreamsWords() {
        assertThatThrownBy(() -> new Impersonation(() -> null).impersonate(ALICE, "carol", List.of(), null, Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("users \"carol\" is forbidden: User \"alice\" cannot "
                            + "impersonate resource \"users\" in API group \"\" at the cluster scope");
                });
    }

    @Test
    void asksTheAuthorizerForEveryValueAndAppendsItsReason() {
        List<RequestAttributes> asked = new ArrayList<>();
        Authorizer authorizer = a -> {
            asked.add(a);
            return a.resource().equals("userextras") ? Authorizer.Decision.deny("no extras for you")
                    : Authorizer.Decision.allow("");
        };

        assertThatThrownBy(() -> new Impersonation(() -> authorizer).impersonate(ALICE, "system:serviceaccount:ns:robot",
                List.of("g1"), "u-1", Map.of("scopes", List.of("view")))).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("userextras.authentication.k8s.io \"view\" is forbidden: "
                        + "User \"alice\" cannot impersonate resource \"userextras/scopes\" in API group "
                        + "\"authentication.k8s.io\" at the cluster scope: no extras for you"));
        assertThat(asked).extracting(RequestAttributes::resource, RequestAttributes::namespace, RequestAttributes::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("serviceaccounts", "ns", "robot"),
                        org.assertj.core.groups.Tuple.tuple("groups", "", "g1"),
                        org.assertj.core.groups.Tuple.tuple("userextras", "", "view"));
        assertThat(asked).allSatisfy(a -> {
            assertThat(a.verb()).isEqualTo("impersonate");
            assertThat(a.user()).isEqualTo(ALICE);
        });
    }

    @Test
    void impersonatedServiceAccountsGetTheirGroups() {
        UserInfo user = new Impersonation(() -> a -> Authorizer.Decision.allow(""))
                .impersonate(ALICE, "system:serviceaccount:ns:robot", List.of(), "u-1", Map.of());

        assertThat(user.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ns", "system:authenticated");
        assertThat(user.uid()).isEqualTo("u-1");
    }

    @Test
    void impersonatingAnonymousAddsUnauthenticated() {
        UserInfo user = new Impersonation(() -> null).impersonate(ADMIN, "system:anonymous", List.of(), null, Map.of());

        assertThat(user.groups()).containsExactly("system:unauthenticated");
    }

    @Test
    void namespacedDenialsNameTheNamespace() {
        assertThatThrownBy(() -> new Impersonation(() -> null).impersonate(ALICE, "system:serviceaccount:ns:robot",
                List.of(), null, Map.of())).hasMessage("serviceaccounts \"robot\" is forbidden: User \"alice\" cannot "
                + "impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"ns\"");
    }
}
