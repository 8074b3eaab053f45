package dev.capstan.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NameRulesTest {

    static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
            + "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /** A valid subdomain of exactly {@code n} characters made of 63-character labels. */
    private static String subdomainOfLength(int n) {
        StringBuilder b = new StringBuilder();
        while (b.length() < n) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append("a".repeat(Math.min(63, n - b.length())));
        }
        return b.toString();
    }

    static Stream<Arguments> subdomains() {
        return Stream.of(
                Arguments.of("example.com", List.of()),
                Arguments.of("a", List.of()),
                Arguments.of("0-0.a", List.of()),
                Arguments.of(subdomainOfLength(253), List.of()),
                Arguments.of(subdomainOfLength(254), List.of("must be no more than 253 bytes")),
                Arguments.of("", List.of(SUBDOMAIN_MSG)),
                Arguments.of("Example.com", List.of(SUBDOMAIN_MSG)),
                Arguments.of("-a", List.of(SUBDOMAIN_MSG)),
                Arguments.of("a.", List.of(SUBDOMAIN_MSG)),
                Arguments.of("a..b", List.of(SUBDOMAIN_MSG)),
                Arguments.of("a_b", List.of(SUBDOMAIN_MSG)),
                Arguments.of("a\n", List.of(SUBDOMAIN_MSG)));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("subdomains")
    void subdomainRuleMatchesUpstream(String name, List<String> expected) {
        assertThat(NameRules.isDns1123Subdomain(name)).isEqualTo(expected);
    }

    static Stream<Arguments> labels() {
        return Stream.of(
                Arguments.of("my-name", List.of()),
                Arguments.of("a".repeat(63), List.of()),
                Arguments.of("a".repeat(64), List.of("must be no more than 63 bytes")),
                Arguments.of("a.b", List.of("must not contain dots")),
                Arguments.of("A", List.of(LABEL_MSG)),
                Arguments.of("a-", List.of(LABEL_MSG)),
                Arguments.of("", List.of(LABEL_MSG)));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("labels")
    void labelRuleMatchesUpstream(String name, List<String> expected) {
        assertThat(NameRules.isDns1123Label(name)).isEqualTo(expected);
    }

    static Stream<Arguments> pathSegments() {
        return Stream.of(
                Arguments.of("system:admin", List.of()),
                Arguments.of("Any Thing", List.of()),
                Arguments.of(".", List.of("may not be '.'")),
                Arguments.of("..", List.of("may not be '..'")),
                Arguments.of("a/b%c", List.of("may not contain '/'", "may not contain '%'")));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("pathSegments")
    void pathSegmentRuleMatchesUpstream(String name, List<String> expected) {
        assertThat(NameRules.isPathSegmentName(name)).isEqualTo(expected);
    }

    @Test
    void generateNamePrefixMayEndInDash() {
        assertThat(NameRule.DNS1123_SUBDOMAIN.check("web-", true)).isEmpty();
        assertThat(NameRule.DNS1123_SUBDOMAIN.check("web-", false)).containsExactly(SUBDOMAIN_MSG);
        assertThat(NameRule.DNS1123_LABEL.check("Web-", true)).containsExactly(LABEL_MSG);
        assertThat(NameRule.PATH_SEGMENT.check(".", true)).isEmpty();
    }

    @Test
    void generatedNameAppendsFiveCharactersToABaseCutTo58() {
        assertThat(NameRules.generateName("web-")).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
        String generated = NameRules.generateName("x".repeat(70));
        assertThat(generated).hasSize(63).startsWith("x".repeat(58));
        assertThat(NameRules.isDns1123Label(generated)).isEmpty();
    }
}
