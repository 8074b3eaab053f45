package dev.capstan.api.security.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.json.Json;
import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.security.rbac.BootstrapPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class NodeAuthorizerTest {

    private static final UserInfo N1 = new UserInfo("system:node:n1", "", List.of("system:nodes", "system:authenticated"), null);

    private static ObjectNode json(String s) {
        return Json.parseObject(s.replace('\'', '"').getBytes());
    }

    private static final ObjectNode POD = json("{'metadata':{'name':'web','namespace':'app'},'spec':{'nodeName':'n1',"
            + "'serviceAccountName':'runner','imagePullSecrets':[{'name':'pull'}],"
            + "'volumes':[{'name':'v','secret':{'secretName':'tls'}},{'name':'c','configMap':{'name':'conf'}},"
            + "{'name':'d','persistentVolumeClaim':{'claimName':'data'}}],"
            + "'containers':[{'name':'c','env':[{'name':'P','valueFrom':{'secretKeyRef':{'name':'pw','key':'k'}}}],"
            + "'envFrom':[{'configMapRef':{'name':'envs'}}]}]}}");

    private final NodeAuthorizer authorizer = new NodeAuthorizer(node -> node.equals("n1") ? List.of(POD) : List.of(),
            (ns, name) -> Map.of("app/data", json("{'spec':{'volumeName':'pv-1'}}")).get(ns + "/" + name),
            BootstrapPolicy.clusterRoleRules("system:node"));

    @ParameterizedTest(name = "{0} {1}/{2} {3}/{4}: {6}")
    @CsvSource(delimiter = '|', value = {
        "get    | ~                   | secrets                | app             | tls   | -      | ALLOW",
        "get    | ~                   | secrets                | app             | pull  | -      | ALLOW",
        "get    | ~                   | secrets                | app             | pw    | -      | ALLOW",
        "get    | ~                   | secrets                | app             | other | -      | NO_OPINION",
        "get    | ~                   | secrets                | elsewhere       | tls   | -      | NO_OPINION",
        "list   | ~                   | secrets                | app             | -     | -      | NO_OPINION",
        "update | ~                   | secrets                | app             | tls   | -      | NO_OPINION",
        "get    | ~                   | configmaps             | app             | conf  | -      | ALLOW",
        "watch  | ~                   | configmaps             | app             | envs  | -      | ALLOW",
        "get    | ~                   | persistentvolumeclaims | app             | data  | -      | ALLOW",
        "get    | ~                   | persistentvolumes      | -               | pv-1  | -      | ALLOW",
        "get    | ~                   | persistentvolumes      | -               | pv-2  | -      | NO_OPINION",
        "create | ~                   | serviceaccounts        | app             | runner| token  | ALLOW",
        "create | ~                   | serviceaccounts        | app             | other | token  | NO_OPINION",
        "update | coordination.k8s.io | leases                 | kube-node-lease | n1    | -      | ALLOW",
        "update | coordination.k8s.io | leases                 | kube-node-lease | n2    | -      | NO_OPINION",
        "get    | ~                   | nodes                  | -               | n1    | -      | ALLOW",
        "patch  | ~                   | nodes                  | -               | n1    | status | ALLOW",
        "create | ~                   | events                 | app             | -     | -      | ALLOW",
        "delete | ~                   | namespaces             | app             | app   | -      | NO_OPINION",
    })
    void nodesReachOnlyWhatTheirPodsUse(String verb, String group, String resource, String ns, String name, String sub,
                                        Authorizer.Outcome expected) {
        RequestAttributes a = RequestAttributes.resource(N1, verb, group.equals("~") ? "" : group, "v1", resource,
                sub.equals("-") ? "" : sub, ns.equals("-") ? "" : ns, name.equals("-") ? "" : name);
        assertThat(authorizer.authorize(a).outcome()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void othersGetNoOpinionAndTheReasonNamesTheNode() {
        UserInfo bob = new UserInfo("bob", "", List.of("system:authenticated"), null);
        assertThat(authorizer.authorize(RequestAttributes.resource(bob, "get", "", "v1", "nodes", "", "", "n1")).outcome())
                .isEqualTo(Authorizer.Outcome.NO_OPINION);
        assertThat(authorizer.authorize(RequestAttributes.resource(N1, "get", "", "v1", "secrets", "", "app", "x")).reason())
                .isEqualTo("no relationship found between node 'n1' and this object");
    }
}
