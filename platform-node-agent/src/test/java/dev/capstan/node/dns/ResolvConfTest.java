package dev.capstan.node.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResolvConfTest {

    @Test
    void parsesNameserversLastSearchLineAndOptionsIgnoringComments() {
        ResolvConf conf = ResolvConf.parse("""
                # generated
                nameserver 10.0.0.2
                nameserver 2001:db8::53 ; v6
                domain ignored.example
                search first.example
                search b.example. .
                options ndots:2 rotate
                options ndots:3
                """);

        assertThat(conf.nameservers()).containsExactly("10.0.0.2", "2001:db8::53");
        assertThat(conf.searches()).containsExactly("b.example");
        assertThat(conf.options()).containsExactly("ndots:3", "rotate");
    }

    @Test
    void missingFileIsAnEmptyConfiguration() {
        assertThat(ResolvConf.read(Path.of("/nonexistent/resolv.conf"))).isEqualTo(ResolvConf.empty());
    }

    @Test
    void upstreamsAreTheLiteralNameserversOnPort53() {
        ResolvConf conf = ResolvConf.parse("nameserver 10.0.0.2\nnameserver dns.example\n");

        assertThat(DnsSettings.upstreamsOf(conf)).singleElement().satisfies(upstream -> {
            assertThat(upstream.getAddress().getHostAddress()).isEqualTo("10.0.0.2");
            assertThat(upstream.getPort()).isEqualTo(53);
        });
    }
}
