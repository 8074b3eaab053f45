package dev.capstan.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.security.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AuditPolicyTest {

    // the shape of upstream's documented example policy
    static final AuditPolicy POLICY = AuditPolicy.parse("""
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages:
              - "RequestReceived"
            rules:
              - level: RequestResponse
                resources:
                - group: ""
                  resources: ["pods"]
              - level: Metadata
                resources:
                - group: ""
                  resources: ["pods/log", "pods/status"]
              - level: None
                resources:
                - group: ""
                  resources: ["configmaps"]
                  resourceNames: ["controller-leader"]
              - level: None
                users: ["system:kube-proxy"]
                verbs: ["watch"]
                resources:
                - group: ""
                  resources: ["endpoints", "services"]
              - level: None
                userGroups: ["system:authenticated"]
                nonResourceURLs:
                - "/api*"
                - "/version"
              - level: Request
                resources:
                - group: ""
                  resources: ["configmaps"]
                namespaces: ["kube-system"]
              - level: Metadata
                resources:
                - group: ""
                  resources: ["secrets", "configmaps"]
              - level: Request
                resources:
                - group: ""
                - group: "extensions"
              - level: RequestResponse
                resources:
                - group: "apps"
                  resources: ["*/scale"]
                omitStages: ["ResponseStarted"]
              - level: Metadata
                omitStages:
                  - "RequestReceived"
            """);

    static final UserInfo ALICE = new UserInfo("alice", "", List.of("dev", UserInfo.AUTHENTICATED_GROUP), Map.of());

    static AuditRequest resource(UserInfo user, String verb, String group, String resource, String sub, String ns, String name) {
        return new AuditRequest(user, verb, "/x", group, resource, sub, ns, name);
    }

    @ParameterizedTest(name = "{0} {1} {2}/{3}/{4} in {5} named {6} -> {7}")
    @CsvSource(nullValues = "-", value = {
            "alice, get, '', pods, -, default, p, RequestResponse",
            "alice, get, '', pods, log, default, p, Metadata",
            "alice, update, '', pods, status, default, p, Metadata",
            "alice, update, '', configmaps, -, kube-system, controller-leader, None",
            "alice, update, '', configmaps, -, kube-system, other, Request",
            "alice, get, '', configmaps, -, default, other, Metadata",
            "system:kube-proxy, watch, '', endpoints, -, -, -, None",
            "system:kube-proxy, list, '', endpoints, -, -, -, Request",
            "alice, create, '', secrets, -, default, -, Metadata",
            "alice, get, '', nodes, -, -, n1, Request",
            "alice, update, apps, deployments, scale, default, d, RequestResponse",
            "alice, update, apps, deployments, -, default, d, Metadata",
    })
    void resourceRequests(String user, String verb, String group, String resource, String sub, String ns, String name,
            AuditLevel level) {
        UserInfo info = user.equals("alice") ? ALICE : new UserInfo(user, "", List.of(UserInfo.AUTHENTICATED_GROUP), Map.of());
        assertThat(POLICY.evaluate(resource(info, verb, group, resource, sub, ns, name)).level()).isEqualTo(level);
    }

    @Test
    void nonResourceUrlsMatchExactlyOrByPrefix() {
        assertThat(POLICY.evaluate(new AuditRequest(ALICE, "get", "/version", null, null, null, null, null)).level())
                .isEqualTo(AuditLevel.None);
        assertThat(POLICY.evaluate(new AuditRequest(ALICE, "get", "/apis/apps", null, null, null, null, null)).level())
                .isEqualTo(AuditLevel.None);
        assertThat(POLICY.evaluate(new AuditRequest(ALICE, "get", "/healthz", null, null, null, null, null)).level())
                .isEqualTo(AuditLevel.Metadata);
        assertThat(POLICY.evaluate(new AuditRequest(UserInfo.anonymous(), "get", "/version", null, null, null, null, null))
                .level()).isEqualTo(AuditLevel.Metadata);
    }

    @Test
    void omittedStagesJoinThePolicysAndTheRulesAndNoMatchIsNone() {
        assertThat(POLICY.evaluate(resource(ALICE, "update", "apps", "deployments", "scale", "default", "d")).omitStages())
                .isEqualTo(Set.of(AuditStage.RequestReceived, AuditStage.ResponseStarted));
        AuditPolicy narrow = AuditPolicy.parse("""
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitManagedFields: true
                rules: [{level: Metadata, users: [bob], omitManagedFields: false}, {level: Request, users: [alice]}]
                """);
        assertThat(narrow.evaluate(resource(ALICE, "get", "", "pods", null, "default", "p")).omitManagedFields()).isTrue();
        assertThat(narrow.evaluate(resource(new UserInfo("bob", "", List.of(), Map.of()), "get", "", "pods", null, "a", "p"))
                .omitManagedFields()).isFalse();
        assertThat(narrow.evaluate(resource(UserInfo.anonymous(), "get", "", "pods", null, "default", "p")).level())
                .isEqualTo(AuditLevel.None);
    }

    @Test
    void refusesBadPolicies() {
        assertThatThrownBy(() -> AuditPolicy.parse("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n"))
                .hasMessage("loaded illegal policy with 0 rules");
        assertThatThrownBy(() -> AuditPolicy.parse("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Everything}]\n"))
                .hasMessageContaining("rules[0].level: Unsupported value: \"Everything\"");
        assertThatThrownBy(() -> AuditPolicy.parse("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{verbs: [get]}]\n"))
                .hasMessageContaining("rules[0].level: Required value");
        assertThatThrownBy(() -> AuditPolicy.parse("apiVersion: audit.k8s.io/v1\nkind: Policy\n"
                + "rules: [{level: None, namespaces: [a], nonResourceURLs: [/x]}]\n"))
                .hasMessageContaining("rules cannot apply to both regular resources and non-resource URLs");
        assertThatThrownBy(() -> AuditPolicy.parse("apiVersion: audit.k8s.io/v1\nkind: Policy\n"
                + "rules: [{level: None, omitStages: [Later]}]\n"))
                .hasMessageContaining("rules[0].omitStages: Unsupported value: \"Later\"");
        assertThatThrownBy(() -> AuditPolicy.parse("apiVersion: v1\nkind: ConfigMap\n"))
                .hasMessageContaining("expected apiVersion audit.k8s.io/v1 and kind Policy");
    }
}
