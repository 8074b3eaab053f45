package dev.capstan.api.security.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleMatchingTest {

    private static final UserInfo BOB = new UserInfo("bob", "", List.of("system:authenticated"), null);

    private static List<String> list(String spec) {
        return spec.equals("-") ? List.of() : Arrays.asList(spec.split(" "));
    }

    /** Rule: verbs | groups ("" written as ~) | resources | names; request: verb | group | resource | sub | name. */
    @ParameterizedTest(name = "{0}/{1}/{2}/{3} allows {4} {5}/{6}/{7} {8}: {9}")
    @CsvSource(delimiter = '|', value = {
        "get        | ~        | pods            | -      | get    | ~    | pods        | -      | a | true",
        "get        | ~        | pods            | -      | list   | ~    | pods        | -      | - | false",
        "*          | ~        | pods            | -      | delete | ~    | pods        | -      | a | true",
        "get        | *        | pods            | -      | get    | apps | pods        | -      | a | true",
        "get        | ~        | pods            | -      | get    | apps | pods        | -      | a | false",
        "get        | ~        | *               | -      | get    | ~    | secrets     | -      | a | true",
        "get        | ~        | pods            | -      | get    | ~    | pods        | log    | a | false",
        "get        | ~        | pods/log        | -      | get    | ~    | pods        | log    | a | true",
        "get        | ~        | pods/log        | -      | get    | ~    | pods        | -      | a | false",
        "get        | ~        | */log           | -      | get    | ~    | pods        | log    | a | true",
        "get        | ~        | */log           | -      | get    | ~    | pods        | status | a | false",
        "get        | ~        | */scale         | -      | get    | apps | deployments | scale  | a | false",
        "get        | *        | */scale         | -      | get    | apps | deployments | scale  | a | true",
        "get        | ~        | pods            | a b    | get    | ~    | pods        | -      | b | true",
        "get        | ~        | pods            | a b    | get    | ~    | pods        | -      | c | false",
        "list       | ~        | pods            | a      | list   | ~    | pods        | -      | - | false",
        "create     | apps     | deployments     | -      | create | apps | deployments | -      | - | true",
    })
    void resourceRules(String verbs, String groups, String resources, String names, String verb, String group,
                       String resource, String sub, String name, boolean allowed) {
        PolicyRule rule = new PolicyRule(list(verbs), list(groups).stream().map(g -> g.equals("~") ? "" : g).toList(),
                list(resources), list(names), List.of());
        RequestAttributes request = RequestAttributes.resource(BOB, verb, group.equals("~") ? "" : group, "v1", resource,
                sub.equals("-") ? "" : sub, "ns", name.equals("-") ? "" : name);
        assertThat(RuleMatching.allows(request, rule)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} {1} allows {2} {3}: {4}")
    @CsvSource(delimiter = '|', value = {
        "get  | /healthz       | get  | /healthz       | true",
        "get  | /healthz       | post | /healthz       | false",
        "get  | /healthz       | get  | /healthz/etcd  | false",
        "get  | /healthz/*     | get  | /healthz/etcd  | true",
        "get  | /apis/*        | get  | /apis/apps/v1  | true",
        "*    | *              | post | /anything      | true",
        "get  | /version       | get  | /version/      | false",
    })
    void nonResourceRules(String verbs, String urls, String verb, String path, boolean allowed) {
        PolicyRule rule = PolicyRule.nonResource(list(verbs), list(urls));
        assertThat(RuleMatching.allows(RequestAttributes.nonResource(BOB, verb, path), rule)).isEqualTo(allowed);
    }

    @Test
    void resourceRulesNeverAllowPathsNorTheReverse() {
        PolicyRule all = PolicyRule.resource(List.of("*"), List.of("*"), List.of("*"));
        assertThat(RuleMatching.allows(RequestAttributes.nonResource(BOB, "get", "/healthz"), all)).isFalse();
        PolicyRule paths = PolicyRule.nonResource(List.of("*"), List.of("*"));
        assertThat(RuleMatching.allows(RequestAttributes.resource(BOB, "get", "", "v1", "pods", "", "ns", "a"), paths))
                .isFalse();
    }

    @Test
    void coverageBreaksRulesIntoSinglePermissions() {
        List<PolicyRule> owner = List.of(
                PolicyRule.resource(List.of("get", "list"), List.of(""), List.of("pods", "pods/status", "services/status")),
                new PolicyRule(List.of("update"), List.of(""), List.of("configmaps"), List.of("one"), List.of()),
                PolicyRule.nonResource(List.of("get"), List.of("/healthz/*")));
        assertThat(RuleMatching.uncovered(owner, List.of(
                PolicyRule.resource(List.of("get"), List.of(""), List.of("pods", "pods/status", "services/status")),
                new PolicyRule(List.of("update"), List.of(""), List.of("configmaps"), List.of("one"), List.of()),
                PolicyRule.nonResource(List.of("get"), List.of("/healthz/etcd"))))).isEmpty();
        assertThat(RuleMatching.uncovered(owner, List.of(
                PolicyRule.resource(List.of("get", "delete"), List.of(""), List.of("pods")),
                PolicyRule.resource(List.of("update"), List.of(""), List.of("configmaps")),
                PolicyRule.nonResource(List.of("get"), List.of("/metrics")))))
                .extracting(PolicyRule::compactString)
                .containsExactly("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}",
                        "{APIGroups:[\"\"], Resources:[\"configmaps\"], Verbs:[\"update\"]}",
                        "{NonResourceURLs:[\"/metrics\"], Verbs:[\"get\"]}");
    }

    @Test
    void starCoversEverything() {
        List<PolicyRule> admin = List.of(PolicyRule.resource(List.of("*"), List.of("*"), List.of("*")),
                PolicyRule.nonResource(List.of("*"), List.of("*")));
        assertThat(RuleMatching.uncovered(admin, List.of(
                new PolicyRule(List.of("escalate"), List.of("rbac.authorization.k8s.io"), List.of("clusterroles"),
                        List.of("x"), List.of()),
                PolicyRule.nonResource(List.of("get"), List.of("/version"))))).isEmpty();
    }

    @Test
    void compactMergesVerbsOfOneResource() {
        List<PolicyRule> compacted = RuleMatching.compact(List.of(
                PolicyRule.resource(List.of("get"), List.of(""), List.of("pods")),
                PolicyRule.resource(List.of("list"), List.of(""), List.of("pods")),
                PolicyRule.resource(List.of("get"), List.of("apps"), List.of("deployments"))));
        assertThat(compacted).extracting(PolicyRule::compactString).containsExactly(
                "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\" \"list\"]}",
                "{APIGroups:[\"apps\"], Resources:[\"deployments\"], Verbs:[\"get\"]}");
    }
}
