package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Authorization (Node, RBAC) against a real server: users are client certificates signed by the cluster CA; each
 * request answers what upstream answers, and a refused write changes nothing.
 */
class AuthorizationIT {

    @RegisterExtension
    // No controllers, so no `default` ServiceAccounts: the ServiceAccount admission plugin is off here (it would
    // refuse the pods this test creates; it has its own tests).
    static final RunningServer SERVER = new RunningServer("--capstan.scheduler.enabled=false",
            "--capstan.controllers.enabled=false", "--capstan.api.admission.disabled-plugins=ServiceAccount");

    static final Map<String, SSLContext> USERS = new java.util.HashMap<>();
    static final Map<String, Kubectl> KUBECTL = new java.util.HashMap<>();

    record Response(int code, String body) {
    }

    @BeforeAll
    static void cluster() throws Exception {
        TestUsers users = new TestUsers(SERVER.dataDir(), SERVER.url());
        USERS.put("admin", AdminTls.context(SERVER.dataDir()));
        USERS.put("anonymous", users.anonymous());
        KUBECTL.put("admin", new Kubectl(SERVER.kubeconfig()));
        for (String[] spec : new String[][] {{"alice", "devs"}, {"victor"}, {"owen"},
                {"system:node:n1", "system:nodes"}}) {
            String[] groups = java.util.Arrays.copyOfRange(spec, 1, spec.length);
            TestUsers.User user = users.issue(spec[0], groups);
            USERS.put(spec[0], user.tls());
            KUBECTL.put(spec[0], new Kubectl(user.kubeconfig()));
        }
        admin("POST", "/api/v1/namespaces", "{'metadata':{'name':'team'}}", 201);
        admin("POST", "/api/v1/namespaces", "{'metadata':{'name':'other'}}", 201);
        binding("alice-edit", "edit", "User", "alice");
        binding("victor-view", "view", "User", "victor");
        binding("owen-admin", "admin", "User", "owen");
        admin("POST", "/api/v1/nodes", "{'metadata':{'name':'n1'}}", 201);
        admin("POST", "/api/v1/nodes", "{'metadata':{'name':'n2'}}", 201);
        admin("POST", "/api/v1/namespaces/team/secrets", "{'metadata':{'name':'tls'},'stringData':{'k':'v'}}", 201);
        admin("POST", "/api/v1/namespaces/team/secrets", "{'metadata':{'name':'unrelated'},'stringData':{'k':'v'}}", 201);
        admin("POST", "/api/v1/namespaces/team/pods", "{'metadata':{'name':'web'},'spec':{'nodeName':'n1',"
                + "'containers':[{'name':'c','image':'busybox'}],'volumes':[{'name':'t','secret':{'secretName':'tls'}}]}}", 201);
        // the authorizer reads the API's watch caches: wait until they (and ClusterRole aggregation) have caught up,
        // observed through cache-served lists (resourceVersion=0)
        await().atMost(Duration.ofSeconds(30)).until(() ->
                call("admin", "GET", "/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings?resourceVersion=0", null)
                        .body().contains("owen-admin")
                && call("admin", "GET", "/api/v1/namespaces/team/pods?resourceVersion=0", null).body().contains("\"web\"")
                && call("admin", "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", null).body()
                        .contains("deployments"));
    }

    private static void binding(String name, String role, String kind, String user) throws Exception {
        admin("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings", "{'metadata':{'name':'" + name
                + "'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'" + role + "'},"
                + "'subjects':[{'apiGroup':'rbac.authorization.k8s.io','kind':'" + kind + "','name':'" + user + "'}]}", 201);
    }

    private static void admin(String method, String path, String body, int expected) throws Exception {
        Response response = call("admin", method, path, body);
        assertThat(response.code()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
    }

    static Response call(String user, String method, String path, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(USERS.get(user)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.url() + path));
        String json = body == null ? null : body.replace('\'', '"');
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type",
                    method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    static final String DEPLOYMENT = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'%s'},'spec':{"
            + "'selector':{'matchLabels':{'app':'x'}},'template':{'metadata':{'labels':{'app':'x'}},"
            + "'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}";

    /**
     * user | method | path | body (~ none) | expected code | the path an admin reads afterwards to see a refused
     * write changed nothing (404 expected), or ~.
     */
    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "admin          | GET   | /api/v1/namespaces/team/pods                   | ~ | 200 | ~",
        "admin          | POST  | /api/v1/namespaces/other/configmaps            | {'metadata':{'name':'by-admin'}} | 201 | ~",
        "alice          | POST  | /apis/apps/v1/namespaces/team/deployments      | DEPLOY:alice-web | 201 | ~",
        "alice          | POST  | /apis/apps/v1/namespaces/other/deployments     | DEPLOY:alice-other | 403 | /apis/apps/v1/namespaces/other/deployments/alice-other",
        "alice          | GET   | /api/v1/namespaces/team/secrets/tls            | ~ | 200 | ~",
        "alice          | POST  | /apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings | {'metadata':{'name':'alice-self'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'admin'},'subjects':[{'kind':'User','name':'alice'}]} | 403 | /apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings/alice-self",
        "owen           | POST  | /apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings | {'metadata':{'name':'carol-view'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'view'},'subjects':[{'kind':'User','name':'carol'}]} | 201 | ~",
        "owen           | POST  | /apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings | {'metadata':{'name':'owen-root'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'cluster-admin'},'subjects':[{'kind':'User','name':'owen'}]} | 403 | /apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings/owen-root",
        "owen           | POST  | /apis/rbac.authorization.k8s.io/v1/namespaces/team/roles | {'metadata':{'name':'nodes'},'rules':[{'apiGroups':[''],'resources':['nodes'],'verbs':['get']}]} | 403 | /apis/rbac.authorization.k8s.io/v1/namespaces/team/roles/nodes",
        "owen           | POST  | /apis/rbac.authorization.k8s.io/v1/namespaces/team/roles | {'metadata':{'name':'pods'},'rules':[{'apiGroups':[''],'resources':['pods'],'verbs':['get','list']}]} | 201 | ~",
        "victor         | GET   | /api/v1/namespaces/team/pods/web               | ~ | 200 | ~",
        "victor         | GET   | /api/v1/namespaces/team/pods                   | ~ | 200 | ~",
        "victor         | POST  | /api/v1/namespaces/team/configmaps             | {'metadata':{'name':'by-victor'}} | 403 | /api/v1/namespaces/team/configmaps/by-victor",
        "victor         | GET   | /api/v1/namespaces/team/secrets/tls            | ~ | 403 | ~",
        "victor         | GET   | /api/v1/namespaces/other/pods                  | ~ | 403 | ~",
        "anonymous      | GET   | /version                                       | ~ | 200 | ~",
        "anonymous      | GET   | /healthz                                       | ~ | 200 | ~",
        "anonymous      | GET   | /api/v1/pods                                   | ~ | 403 | ~",
        "anonymous      | GET   | /apis                                          | ~ | 403 | ~",
        "anonymous      | POST  | /api/v1/namespaces/team/configmaps             | {'metadata':{'name':'by-anonymous'}} | 403 | /api/v1/namespaces/team/configmaps/by-anonymous",
        "system:node:n1 | GET   | /api/v1/nodes/n1                               | ~ | 200 | ~",
        "system:node:n1 | PATCH | /api/v1/nodes/n1                               | {'metadata':{'labels':{'mine':'yes'}}} | 200 | ~",
        "system:node:n1 | GET   | /api/v1/namespaces/team/secrets/tls            | ~ | 200 | ~",
        "system:node:n1 | GET   | /api/v1/namespaces/team/secrets/unrelated      | ~ | 403 | ~",
        "system:node:n1 | GET   | /api/v1/namespaces/team/secrets                | ~ | 403 | ~",
        "system:node:n1 | DELETE| /api/v1/namespaces/team                        | ~ | 403 | ~",
    })
    void usersGetWhatTheirRolesGrant(String user, String method, String path, String body, int expected,
                                     String unchanged) throws Exception {
        String json = body.equals("~") ? null
                : body.startsWith("DEPLOY:") ? DEPLOYMENT.formatted(body.substring(7)) : body;
        Response response = call(user, method, path, json);
        assertThat(response.code()).as(response.body()).isEqualTo(expected);
        if (expected == 403) {
            assertThat(response.body()).contains("\"reason\":\"Forbidden\"").contains("\"code\":403");
            if (!unchanged.equals("~")) {
                assertThat(call("admin", "GET", unchanged, null).code()).as("nothing was written").isEqualTo(404);
            }
        }
    }

    @Test
    void refusalsAreWordedAsUpstream() throws Exception {
        assertThat(call("anonymous", "GET", "/api/v1/pods", null).body()).contains("\"message\":\"pods is forbidden: "
                + "User \\\"system:anonymous\\\" cannot list resource \\\"pods\\\" in API group \\\"\\\" at the cluster scope\"");
        assertThat(call("alice", "POST", "/apis/apps/v1/namespaces/other/deployments", DEPLOYMENT.formatted("x")).body())
                .contains("\"message\":\"deployments.apps is forbidden: User \\\"alice\\\" cannot create resource "
                        + "\\\"deployments\\\" in API group \\\"apps\\\" in the namespace \\\"other\\\"\"")
                .contains("\"details\":{\"group\":\"apps\",\"kind\":\"deployments\"}");
        assertThat(call("victor", "GET", "/api/v1/namespaces/team/secrets/tls", null).body())
                .contains("\"message\":\"secrets \\\"tls\\\" is forbidden: User \\\"victor\\\" cannot get resource "
                        + "\\\"secrets\\\" in API group \\\"\\\" in the namespace \\\"team\\\"\"");
        assertThat(call("victor", "GET", "/metrics", null).body())
                .contains("\"message\":\"forbidden: User \\\"victor\\\" cannot get path \\\"/metrics\\\"\"");
        assertThat(call("system:node:n1", "GET", "/api/v1/namespaces/team/secrets/unrelated", null).body())
                .contains("in the namespace \\\"team\\\": no relationship found between node 'n1' and this object");
        assertThat(call("owen", "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/team/roles",
                "{'metadata':{'name':'nodes2'},'rules':[{'apiGroups':[''],'resources':['nodes'],'verbs':['get']}]}").body())
                .contains("roles.rbac.authorization.k8s.io \\\"nodes2\\\" is forbidden: user \\\"owen\\\" (groups=["
                        + "\\\"system:authenticated\\\"]) is attempting to grant RBAC permissions not currently held:\\n"
                        + "{APIGroups:[\\\"\\\"], Resources:[\\\"nodes\\\"], Verbs:[\\\"get\\\"]}");
    }

    @Test
    void aNodeMayNotModifyAnotherNode() throws Exception {
        Response response = call("system:node:n1", "PATCH", "/api/v1/nodes/n2", "{'metadata':{'labels':{'taken':'yes'}}}");
        assertThat(response.code()).isEqualTo(403);
        assertThat(response.body()).contains("node \\\"n1\\\" is not allowed to modify node \\\"n2\\\"");
        assertThat(call("admin", "GET", "/api/v1/nodes/n2", null).body()).doesNotContain("taken");
    }

    /** kubectl auth can-i as a user: "yes" or "no" (and exit code 0 or 1), with kubectl's errors in a failure. */
    private static String canI(String user, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "auth";
        command[1] = "can-i";
        System.arraycopy(args, 0, command, 2, args.length);
        Kubectl.Result result = KUBECTL.get(user).run(command);
        // kubectl prints "no - <reason>" when the authorizer gave one
        String answer = result.out().trim().split(" ")[0];
        assertThat(answer).as(result.err()).isIn("yes", "no");
        assertThat(result.exitCode()).isEqualTo(answer.equals("yes") ? 0 : 1);
        return answer;
    }

    @Test
    void kubectlAuthCanIAgrees() {
        assertThat(canI("alice", "create", "deployments", "-n", "team")).isEqualTo("yes");
        assertThat(canI("alice", "create", "deployments", "-n", "other")).isEqualTo("no");
        assertThat(canI("alice", "create", "rolebindings", "-n", "team")).isEqualTo("no");
        assertThat(canI("victor", "get", "pods", "-n", "team")).isEqualTo("yes");
        assertThat(canI("victor", "create", "configmaps", "-n", "team")).isEqualTo("no");
        assertThat(canI("system:node:n1", "get", "secret/tls", "-n", "team")).isEqualTo("yes");
        assertThat(canI("system:node:n1", "get", "secret/unrelated", "-n", "team")).isEqualTo("no");
        assertThat(canI("admin", "*", "*")).isEqualTo("yes");
        Kubectl.Result list = KUBECTL.get("alice").run("auth", "can-i", "--list", "-n", "team");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("deployments.apps").contains("selfsubjectaccessreviews.authorization.k8s.io");
    }

    @Test
    void aggregationAndNewBindingsReachTheAuthorizer() throws Exception {
        // victor (view) may not read leases; a ClusterRole labelled into view grants it once aggregated
        assertThat(call("victor", "GET", "/apis/coordination.k8s.io/v1/namespaces/team/leases", null).code())
                .isEqualTo(403);
        admin("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "{'metadata':{'name':'lease-reader',"
                + "'labels':{'rbac.authorization.k8s.io/aggregate-to-view':'true'}},'rules':[{'apiGroups':"
                + "['coordination.k8s.io'],'resources':['leases'],'verbs':['get','list']}]}", 201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("victor", "GET", "/apis/coordination.k8s.io/v1/namespaces/team/leases", null).code())
                        .isEqualTo(200));
        // the aggregated rule is written into view (and from there into edit and admin)
        assertThat(call("admin", "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/view", null).body())
                .contains("leases");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("admin", "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", null).body())
                        .contains("leases"));
        // a binding in another namespace takes effect without a restart
        admin("POST", "/api/v1/namespaces", "{'metadata':{'name':'third'}}", 201);
        assertThat(call("victor", "GET", "/api/v1/namespaces/third/configmaps", null).code()).isEqualTo(403);
        admin("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/third/rolebindings", "{'metadata':{'name':'v'},"
                + "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'view'},"
                + "'subjects':[{'kind':'User','name':'victor'}]}", 201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("victor", "GET", "/api/v1/namespaces/third/configmaps", null).code()).isEqualTo(200));
    }

    @Test
    void aBindingsRoleRefCannotChange() throws Exception {
        Response response = call("admin", "PATCH", "/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings/victor-view",
                "{'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'admin'}}");
        assertThat(response.code()).isEqualTo(422);
        assertThat(response.body()).contains("cannot change roleRef");
        assertThat(call("admin", "GET", "/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings/victor-view",
                null).body()).contains("\"name\":\"view\"");
    }

    @Test
    void theReviewsAreInDiscovery() {
        String resources = KUBECTL.get("admin").run("api-resources", "--api-group=authorization.k8s.io").ok().out();
        assertThat(resources).contains("selfsubjectaccessreviews", "selfsubjectrulesreviews", "subjectaccessreviews",
                "localsubjectaccessreviews");
    }

    @Test
    void subjectAccessReviewsAnswerForOtherUsers() throws Exception {
        Response review = call("admin", "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                "{'apiVersion':'authorization.k8s.io/v1','kind':'SubjectAccessReview','spec':{'user':'victor',"
                        + "'resourceAttributes':{'namespace':'team','verb':'get','resource':'pods'}}}");
        assertThat(review.code()).isEqualTo(201);
        assertThat(review.body()).contains("\"allowed\":true")
                .contains("RoleBinding \\\"victor-view/team\\\" of ClusterRole \\\"view\\\" to User \\\"victor\\\"");
        Response denied = call("admin", "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                "{'spec':{'user':'victor','resourceAttributes':{'namespace':'team','verb':'delete','resource':'pods'}}}");
        assertThat(denied.body()).contains("\"allowed\":false");
        // a plain user may not ask about others
        assertThat(call("victor", "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                "{'spec':{'user':'alice','resourceAttributes':{'verb':'get','resource':'pods'}}}").code()).isEqualTo(403);
    }
}
