package dev.capstan.api.security.rbac;

import dev.capstan.api.security.RequestAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's rule evaluation ({@code rbac.RuleAllows}) and coverage ({@code validation.Covers}, the heart of
 * escalation prevention): whether one rule allows a request, and whether a set of rules holds every permission
 * another set grants.
 */
public final class RuleMatching {

    private RuleMatching() {
    }

    /** Whether {@code rule} allows the request. */
    public static boolean allows(RequestAttributes request, PolicyRule rule) {
        if (request.resourceRequest()) {
            String combined = request.subresource().isEmpty() ? request.resource()
                    : request.resource() + "/" + request.subresource();
            return verbMatches(rule, request.verb())
                    && apiGroupMatches(rule, request.apiGroup())
                    && resourceMatches(rule, combined, request.subresource())
                    && resourceNameMatches(rule, request.name());
        }
        return verbMatches(rule, request.verb()) && nonResourceUrlMatches(rule, request.path());
    }

    public static boolean allowsAny(RequestAttributes request, List<PolicyRule> rules) {
        return rules.stream().anyMatch(rule -> allows(request, rule));
    }

    static boolean verbMatches(PolicyRule rule, String verb) {
        return rule.verbs().contains(PolicyRule.ALL) || rule.verbs().contains(verb);
    }

    static boolean apiGroupMatches(PolicyRule rule, String group) {
        return rule.apiGroups().contains(PolicyRule.ALL) || rule.apiGroups().contains(group);
    }

    /** "*", the exact "resource[/subresource]", or "*&#47;subresource" for any resource's subresource. */
    static boolean resourceMatches(PolicyRule rule, String combined, String subresource) {
        for (String r : rule.resources()) {
            if (r.equals(PolicyRule.ALL) || r.equals(combined)) {
                return true;
            }
            if (!subresource.isEmpty() && r.length() == subresource.length() + 2 && r.startsWith("*/")
                    && r.endsWith(subresource)) {
                return true;
            }
        }
        return false;
    }

    /** No resourceNames: any name; otherwise the request's name must be listed (a list has no name: no match). */
    static boolean resourceNameMatches(PolicyRule rule, String name) {
        return rule.resourceNames().isEmpty() || rule.resourceNames().contains(name);
    }

    /** "*", the exact path, or a prefix ending in "*". */
    static boolean nonResourceUrlMatches(PolicyRule rule, String path) {
        for (String url : rule.nonResourceURLs()) {
            if (url.equals(PolicyRule.ALL) || url.equals(path)) {
                return true;
            }
            if (url.endsWith("*") && path.startsWith(url.substring(0, url.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** The rules of {@code requested} that {@code owner} does not cover, broken into single permissions; empty when covered. */
    public static List<PolicyRule> uncovered(List<PolicyRule> owner, List<PolicyRule> requested) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule rule : requested) {
            for (PolicyRule atom : breakdown(rule)) {
                if (owner.stream().noneMatch(o -> covers(o, atom))) {
                    missing.add(atom);
                }
            }
        }
        return missing;
    }

    /** Upstream's BreakdownRule: one rule per group x resource x verb x name, and per URL x verb. */
    static List<PolicyRule> breakdown(PolicyRule rule) {
        List<PolicyRule> atoms = new ArrayList<>();
        for (String group : rule.apiGroups()) {
            for (String resource : rule.resources()) {
                for (String verb : rule.verbs()) {
                    if (rule.resourceNames().isEmpty()) {
                        atoms.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource), List.of(), List.of()));
                    } else {
                        for (String name : rule.resourceNames()) {
                            atoms.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource), List.of(name),
                                    List.of()));
                        }
                    }
                }
            }
        }
        for (String url : rule.nonResourceURLs()) {
            for (String verb : rule.verbs()) {
                atoms.add(PolicyRule.nonResource(List.of(verb), List.of(url)));
            }
        }
        return atoms;
    }

    /** Upstream's ruleCovers: whether {@code owner} grants everything {@code sub} grants. */
    static boolean covers(PolicyRule owner, PolicyRule sub) {
        boolean verbs = owner.verbs().contains(PolicyRule.ALL) || owner.verbs().containsAll(sub.verbs());
        boolean urls = nonResourceUrlsCover(owner.nonResourceURLs(), sub.nonResourceURLs());
        boolean groups = owner.apiGroups().contains(PolicyRule.ALL) || owner.apiGroups().containsAll(sub.apiGroups());
        boolean resources = owner.resources().contains(PolicyRule.ALL) || owner.resources().containsAll(sub.resources());
        // an owner limited to names never covers a permission on every name
        boolean names = owner.resourceNames().isEmpty()
                || (!sub.resourceNames().isEmpty() && owner.resourceNames().containsAll(sub.resourceNames()));
        return verbs && urls && groups && resources && names;
    }

    private static boolean nonResourceUrlsCover(List<String> owner, List<String> requested) {
        for (String url : requested) {
            boolean covered = owner.stream().anyMatch(o -> o.equals(url)
                    || (o.endsWith("*") && url.startsWith(o.substring(0, o.length() - 1))));
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /**
     * Upstream's CompactRules: simple resource rules (one group, one resource, no names) with the same group and
     * resource are merged into one rule with all their verbs, so a refusal lists each resource once.
     */
    public static List<PolicyRule> compact(List<PolicyRule> rules) {
        Map<List<String>, List<String>> simple = new LinkedHashMap<>();
        List<PolicyRule> compacted = new ArrayList<>();
        for (PolicyRule rule : rules) {
            if (rule.apiGroups().size() == 1 && rule.resources().size() == 1 && rule.resourceNames().isEmpty()
                    && rule.nonResourceURLs().isEmpty()) {
                List<String> verbs = simple.computeIfAbsent(List.of(rule.apiGroups().get(0), rule.resources().get(0)),
                        k -> new ArrayList<>());
                rule.verbs().stream().filter(v -> !verbs.contains(v)).forEach(verbs::add);
            } else {
                compacted.add(rule);
            }
        }
        simple.forEach((key, verbs) -> compacted.add(PolicyRule.resource(verbs, List.of(key.get(0)), List.of(key.get(1)))));
        return compacted;
    }
}
