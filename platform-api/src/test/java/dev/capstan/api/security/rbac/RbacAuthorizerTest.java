package dev.capstan.api.security.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.builtin.BuiltInResources;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class RbacAuthorizerTest {

    private static final UserInfo ALICE = new UserInfo("alice", "", List.of("devs", "system:authenticated"), null);
    private static final UserInfo BOB = new UserInfo("bob", "", List.of("system:authenticated"), null);
    private static final UserInfo ADMIN = new UserInfo("admin", "", List.of("system:masters", "system:authenticated"), null);
    private static final UserInfo SA = new UserInfo("system:serviceaccount:team:builder", "",
            List.of("system:serviceaccounts", "system:serviceaccounts:team", "system:authenticated"), null);

    private final InMemoryPolicy policy = new InMemoryPolicy().bootstrap()
            .add("{'kind':'RoleBinding','metadata':{'name':'devs-edit','namespace':'team'},"
                    + "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'edit'},"
                    + "'subjects':[{'kind':'Group','name':'devs'}]}")
            .add("{'kind':'Role','metadata':{'name':'cm-reader','namespace':'team'},"
                    + "'rules':[{'verbs':['get'],'apiGroups':[''],'resources':['configmaps'],'resourceNames':['settings']}]}")
            .add("{'kind':'RoleBinding','metadata':{'name':'builder','namespace':'team'},"
                    + "'roleRef':{'kind':'Role','name':'cm-reader'},'subjects':[{'kind':'ServiceAccount','name':'builder'}]}")
            .add("{'kind':'RoleBinding','metadata':{'name':'dangling','namespace':'team'},"
                    + "'roleRef':{'kind':'Role','name':'gone'},'subjects':[{'kind':'User','name':'bob'}]}");
    private final RbacAuthorizer rbac;
    private final Authorizer chain;

    RbacAuthorizerTest() {
        aggregate(policy);
        rbac = new RbacAuthorizer(policy);
        chain = new AuthorizerChain(List.of(rbac));
    }

    /** What the aggregator writes: the aggregated roles' rules. */
    static void aggregate(InMemoryPolicy policy) {
        List<ObjectNode> roles = policy.objects.stream().filter(o -> o.path("kind").asString().equals("ClusterRole"))
                .sorted(java.util.Comparator.comparing(o -> o.path("metadata").path("name").asString())).toList();
        // view feeds edit feeds admin: three passes reach the fixed point
        for (int pass = 0; pass < 3; pass++) {
            for (ObjectNode role : roles) {
                if (role.has("aggregationRule")) {
                    ArrayNode rules = ClusterRoleAggregator.aggregatedRules(role, role.get("aggregationRule"), roles);
                    role.set("rules", rules);
                }
            }
        }
    }

    private static RequestAttributes res(UserInfo user, String verb, String group, String resource, String sub,
                                         String ns, String name) {
        return RequestAttributes.resource(user, verb, group, "v1", resource, sub, ns, name);
    }

    @Test
    void aggregatedEditRoleGrantsWorkloadsInItsNamespaceOnly() {
        assertThat(chain.authorize(res(ALICE, "create", "apps", "deployments", "", "team", "")).outcome())
                .isEqualTo(Authorizer.Outcome.ALLOW);
        assertThat(chain.authorize(res(ALICE, "create", "apps", "deployments", "", "other", "")).outcome())
                .isEqualTo(Authorizer.Outcome.NO_OPINION);
        // edit aggregates view: reading pods and their logs
        assertThat(chain.authorize(res(ALICE, "get", "", "pods", "log", "team", "p")).outcome())
                .isEqualTo(Authorizer.Outcome.ALLOW);
        // but not roles (that is admin's)
        assertThat(chain.authorize(res(ALICE, "create", "rbac.authorization.k8s.io", "rolebindings", "", "team", ""))
                .outcome()).isEqualTo(Authorizer.Outcome.NO_OPINION);
        assertThat(rbac.authorize(res(ALICE, "list", "", "pods", "", "team", "")).reason())
                .isEqualTo("RBAC: allowed by RoleBinding \"devs-edit/team\" of ClusterRole \"edit\" to Group \"devs\"");
    }

    @Test
    void serviceAccountSubjectsDefaultToTheBindingsNamespaceAndResourceNamesRestrict() {
        assertThat(chain.authorize(res(SA, "get", "", "configmaps", "", "team", "settings")).outcome())
                .isEqualTo(Authorizer.Outcome.ALLOW);
        assertThat(chain.authorize(res(SA, "get", "", "configmaps", "", "team", "other")).outcome())
                .isEqualTo(Authorizer.Outcome.NO_OPINION);
        // the bootstrap binding of system:serviceaccounts to issuer discovery
        assertThat(chain.authorize(RequestAttributes.nonResource(SA, "get", "/openid/v1/jwks")).outcome())
                .isEqualTo(Authorizer.Outcome.ALLOW);
    }

    @Test
    void anonymousMayOnlySeePublicInfo() {
        UserInfo anonymous = UserInfo.anonymous();
        assertThat(chain.authorize(RequestAttributes.nonResource(anonymous, "get", "/version")).outcome())
                .isEqualTo(Authorizer.Outcome.ALLOW);
        assertThat(chain.authorize(RequestAttributes.nonResource(anonymous, "get", "/readyz")).outcome())
                .isEqualTo(Authorizer.Outcome.ALLOW);
        assertThat(chain.authorize(RequestAttributes.nonResource(anonymous, "get", "/apis")).outcome())
                .isEqualTo(Authorizer.Outcome.NO_OPINION);
        assertThat(chain.authorize(res(anonymous, "list", "", "pods", "", "", "")).outcome())
                .isEqualTo(Authorizer.Outcome.NO_OPINION);
        assertThat(chain.authorize(RequestAttributes.nonResource(BOB, "get", "/apis")).outcome())
                .isEqualTo(Authorizer.Outcome.ALLOW);
    }

    @Test
    void mastersMayDoAnything() {
        assertThat(chain.authorize(res(ADMIN, "escalate", "rbac.authorization.k8s.io", "clusterroles", "", "", "x"))
                .outcome()).isEqualTo(Authorizer.Outcome.ALLOW);
    }

    @Test
    void aMissingRoleIsTheReason() {
        Authorizer.Decision decision = chain.authorize(res(BOB, "get", "", "secrets", "", "team", "s"));
        assertThat(decision.outcome()).isEqualTo(Authorizer.Outcome.NO_OPINION);
        assertThat(decision.reason()).isEqualTo("RBAC: role.rbac.authorization.k8s.io \"gone\" not found");
    }

    @Test
    void forbiddenMessagesAreUpstreams() {
        assertThat(ForbiddenErrors.forbidden(res(BOB, "list", "", "pods", "", "y", ""), "").getMessage())
                .isEqualTo("pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"y\"");
        assertThat(ForbiddenErrors.forbidden(res(BOB, "get", "", "pods", "log", "y", "p"), "").getMessage())
                .isEqualTo("pods \"p\" is forbidden: User \"bob\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"y\"");
        assertThat(ForbiddenErrors.forbidden(res(BOB, "list", "apps", "deployments", "", "", ""), "").getMessage())
                .isEqualTo("deployments.apps is forbidden: User \"bob\" cannot list resource \"deployments\" in API group \"apps\" at the cluster scope");
        assertThat(ForbiddenErrors.forbidden(RequestAttributes.nonResource(BOB, "get", "/foo"), "").getMessage())
                .isEqualTo("forbidden: User \"bob\" cannot get path \"/foo\"");
        ApiException withReason = ForbiddenErrors.forbidden(res(BOB, "get", "", "secrets", "", "y", "s"), "because");
        assertThat(withReason.getMessage()).endsWith("in the namespace \"y\": because");
        assertThat(withReason.details().name()).isEqualTo("s");
        assertThat(withReason.details().kind()).isEqualTo("secrets");
        assertThat(withReason.code()).isEqualTo(403);
    }

    private static final ResourceDefinition ROLES = def("roles");
    private static final ResourceDefinition ROLE_BINDINGS = def("rolebindings");
    private static final ResourceDefinition CLUSTER_ROLES = def("clusterroles");

    private static ResourceDefinition def(String plural) {
        return BuiltInResources.definitions().stream().filter(d -> d.plural().equals(plural)).findFirst().orElseThrow();
    }

    private static ObjectNode json(String json) {
        return Json.parseObject(json.replace('\'', '"').getBytes());
    }

    @Test
    void aRoleMayOnlyGrantWhatItsAuthorHolds() {
        EscalationCheck check = new EscalationCheck(rbac, chain, null);
        // alice edits in team: a role granting part of edit is fine
        check.check(ALICE, ROLES, "team", json("{'metadata':{'name':'r'},'rules':[{'verbs':['get','list'],"
                + "'apiGroups':[''],'resources':['pods']}]}"), null);
        // one granting more is refused with upstream's message
        assertThatThrownBy(() -> check.check(ALICE, ROLES, "team", json("{'metadata':{'name':'r'},'rules':["
                + "{'verbs':['get'],'apiGroups':[''],'resources':['pods']},"
                + "{'verbs':['get','update'],'apiGroups':['rbac.authorization.k8s.io'],'resources':['roles']}]}"), null))
                .isInstanceOf(ApiException.class)
                .hasMessage("roles.rbac.authorization.k8s.io \"r\" is forbidden: user \"alice\" (groups=[\"devs\" "
                        + "\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                        + "{APIGroups:[\"rbac.authorization.k8s.io\"], Resources:[\"roles\"], Verbs:[\"get\" \"update\"]}");
        // in a namespace where alice holds nothing, even a small role is refused
        assertThatThrownBy(() -> check.check(ALICE, ROLES, "other", json("{'metadata':{'name':'r'},'rules':["
                + "{'verbs':['get'],'apiGroups':[''],'resources':['pods']}]}"), null))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo(403);
        // masters may grant anything
        check.check(ADMIN, CLUSTER_ROLES, null, json("{'metadata':{'name':'all'},'rules':[{'verbs':['*'],"
                + "'apiGroups':['*'],'resources':['*']}]}"), null);
    }

    @Test
    void aBindingMayOnlyReferenceARoleItsAuthorHoldsOrMayBind() {
        EscalationCheck check = new EscalationCheck(rbac, chain, null);
        ObjectNode bindView = json("{'metadata':{'name':'b'},'roleRef':{'kind':'ClusterRole','name':'view'},"
                + "'subjects':[{'kind':'User','name':'carol'}]}");
        check.check(ALICE, ROLE_BINDINGS, "team", bindView, null);
        ObjectNode bindAdmin = json("{'metadata':{'name':'b'},'roleRef':{'kind':'ClusterRole','name':'admin'},"
                + "'subjects':[{'kind':'User','name':'carol'}]}");
        assertThatThrownBy(() -> check.check(ALICE, ROLE_BINDINGS, "team", bindAdmin, null))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("rolebindings.rbac.authorization.k8s.io \"b\" is forbidden: user \"alice\" "
                        + "(groups=[\"devs\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n")
                .hasMessageContaining("{APIGroups:[\"rbac.authorization.k8s.io\"], Resources:[\"rolebindings\"], Verbs:[");
        // with the bind verb on that role, alice may
        policy.add("{'kind':'Role','metadata':{'name':'binder','namespace':'team'},'rules':[{'verbs':['bind'],"
                + "'apiGroups':['rbac.authorization.k8s.io'],'resources':['clusterroles'],'resourceNames':['admin']}]}");
        policy.add("{'kind':'RoleBinding','metadata':{'name':'binder','namespace':'team'},"
                + "'roleRef':{'kind':'Role','name':'binder'},'subjects':[{'kind':'User','name':'alice'}]}");
        check.check(ALICE, ROLE_BINDINGS, "team", bindAdmin, null);
    }

    @Test
    void selfRulesListWhatIsGranted() {
        List<PolicyRule> rules = rbac.rulesFor(SA, "team");
        assertThat(rules).contains(new PolicyRule(List.of("get"), List.of(""), List.of("configmaps"), List.of("settings"),
                List.of()));
        assertThat(rules).anyMatch(r -> r.nonResourceURLs().contains("/version"));
    }
}
