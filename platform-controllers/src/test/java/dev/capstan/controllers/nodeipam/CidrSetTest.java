package dev.capstan.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrSetTest {

    @ParameterizedTest(name = "{0} cut into /{1}: first {2}, second {3}, last {4}, {5} in all")
    @CsvSource({
            "10.42.0.0/16, 24, 10.42.0.0/24, 10.42.1.0/24, 10.42.255.0/24, 256",
            "10.42.0.0/24, 26, 10.42.0.0/26, 10.42.0.64/26, 10.42.0.192/26, 4",
            "10.42.0.0/24, 24, 10.42.0.0/24,             , 10.42.0.0/24, 1",
            "192.168.0.0/23, 24, 192.168.0.0/24, 192.168.1.0/24, 192.168.1.0/24, 2",
            "10.0.0.0/8, 24, 10.0.0.0/24, 10.0.1.0/24, 10.255.255.0/24, 65536"})
    void handsOutEverySubnetOnceInOrderThenNone(String cluster, int mask, String first, String second, String last, int count) {
        CidrSet set = new CidrSet(Ipv4Cidr.parse(cluster), mask);
        List<String> handedOut = new ArrayList<>();
        for (Optional<Ipv4Cidr> next = set.allocateNext(); next.isPresent(); next = set.allocateNext()) {
            handedOut.add(next.get().toString());
        }
        assertThat(handedOut).hasSize(count).doesNotHaveDuplicates();
        assertThat(handedOut.get(0)).isEqualTo(first);
        if (second != null) {
            assertThat(handedOut.get(1)).isEqualTo(second);
        }
        assertThat(handedOut.get(count - 1)).isEqualTo(last);
    }

    @ParameterizedTest(name = "with {0} occupied the next is {1}")
    @CsvSource({
            "10.42.0.0/24,   10.42.1.0/24",
            "10.42.0.0/23,   10.42.2.0/24",  // a larger block uses every /24 it covers
            "10.42.0.128/25, 10.42.1.0/24",  // a smaller block uses the /24 it is in
            "10.43.0.0/24,   10.42.0.0/24",  // outside the cluster CIDR: nothing is used
            "10.42.3.0/24,   10.42.0.0/24"})
    void occupiedSubnetsAreSkipped(String occupied, String next) {
        CidrSet set = new CidrSet(Ipv4Cidr.parse("10.42.0.0/16"), 24);
        set.occupy(Ipv4Cidr.parse(occupied));
        assertThat(set.allocateNext()).contains(Ipv4Cidr.parse(next));
    }

    @Test
    void aReleasedSubnetIsHandedOutAgainOnlyAfterTheOthers() {
        CidrSet set = new CidrSet(Ipv4Cidr.parse("10.42.0.0/22"), 24);
        Ipv4Cidr first = set.allocateNext().orElseThrow();
        set.allocateNext();
        set.release(first);
        assertThat(set.allocateNext()).contains(Ipv4Cidr.parse("10.42.2.0/24"));
        assertThat(set.allocateNext()).contains(Ipv4Cidr.parse("10.42.3.0/24"));
        assertThat(set.allocateNext()).contains(first);
        assertThat(set.allocateNext()).isEmpty();
    }

    @ParameterizedTest(name = "{0} with mask {1} is refused")
    @CsvSource({"10.42.0.0/16, 15", "10.42.0.0/16, 33", "10.0.0.0/8, 25"})
    void masksThatDoNotFitAreRefused(String cluster, int mask) {
        assertThatThrownBy(() -> new CidrSet(Ipv4Cidr.parse(cluster), mask)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} is not an IPv4 CIDR")
    @CsvSource({"10.42.0.0", "fd00::/64", "10.42.0/16", "10.42.0.256/24", "10.42.0.0/33", "a.b.c.d/8"})
    void malformedCidrsAreRefused(String text) {
        assertThatThrownBy(() -> Ipv4Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
