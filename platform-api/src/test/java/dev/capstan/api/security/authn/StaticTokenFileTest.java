package dev.capstan.api.security.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.security.UserInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticTokenFileTest {

    @Test
    void readsUpstreamsCsvFormat() {
        Map<String, UserInfo> users = StaticTokenFile.parse("""
                token1,alice,uid-1,"group1,group2"
                token2, bob ,uid-2
                token3,"carol, the admin",uid-3,system:masters
                """, "tokens.csv");

        assertThat(users.get("token1")).isEqualTo(new UserInfo("alice", "uid-1", List.of("group1", "group2"), Map.of()));
        assertThat(users.get("token2").name()).isEqualTo("bob "); // leading spaces trimmed, trailing kept (Go's csv)
        assertThat(users.get("token2").groups()).isEmpty();
        assertThat(users.get("token3").name()).isEqualTo("carol, the admin");
        assertThat(users.get("token3").groups()).containsExactly("system:masters");
    }

    @Test
    void skipsEmptyTokensAndKeepsTheLastOfDuplicates() {
        Map<String, UserInfo> users = StaticTokenFile.parse(",nobody,0\nsame,first,1\nsame,second,2\n", "tokens.csv");

        assertThat(users).containsOnlyKeys("same");
        assertThat(users.get("same").name()).isEqualTo("second");
    }

    @Test
    void refusesRecordsWithFewerThanThreeColumns() {
        assertThatThrownBy(() -> StaticTokenFile.parse("token,user\n", "tokens.csv"))
                .hasMessage("token file 'tokens.csv' must have at least 3 columns (token, user name, user uid), found 2");
    }

    @Test
    void authenticatesOnlyExactTokens() {
        StaticTokenFile file = new StaticTokenFile(StaticTokenFile.parse("secret,alice,1\n", "f"));

        assertThat(file.authenticate("secret").block().name()).isEqualTo("alice");
        assertThat(file.authenticate("secre").blockOptional()).isEmpty();
        assertThat(file.authenticate("secrets").blockOptional()).isEmpty();
    }
}
