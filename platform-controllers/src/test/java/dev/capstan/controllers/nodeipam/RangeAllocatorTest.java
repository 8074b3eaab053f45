package dev.capstan.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeAllocatorTest {

    private final RangeAllocator allocator = new RangeAllocator(new CidrSet(Ipv4Cidr.parse("10.42.0.0/16"), 24));

    @Test
    void askingAgainForTheSameNodeGivesTheSameCidr() {
        Ipv4Cidr first = allocator.allocate("a").orElseThrow();
        assertThat(allocator.allocate("a")).contains(first);
        assertThat(allocator.allocate("b")).isNotEqualTo(allocator.allocate("a")).contains(Ipv4Cidr.parse("10.42.1.0/24"));
    }

    @ParameterizedTest(name = "a node carrying {0}: occupied {1}")
    @CsvSource({"10.42.0.0/24, true", "10.42.7.0/24, true", "192.168.0.0/24, false", "fd00::/64, false", "garbage, false"})
    void occupiesOnlyCidrsInsideTheClusterCidr(String podCidr, boolean occupied) {
        assertThat(allocator.occupy("a", podCidr)).isEqualTo(occupied);
        assertThat(allocator.cidrOf("a").isPresent()).isEqualTo(occupied);
    }

    @Test
    void aDeletedNodesCidrBecomesFreeAgain() {
        RangeAllocator small = new RangeAllocator(new CidrSet(Ipv4Cidr.parse("10.42.0.0/24"), 25));
        small.allocate("a");
        small.allocate("b");
        assertThat(small.allocate("c")).isEmpty();
        small.release("a");
        assertThat(small.allocate("c")).contains(Ipv4Cidr.parse("10.42.0.0/25"));
    }

    @Test
    void aNodeThatGotAnotherCidrFreesTheOneItWasGiven() {
        RangeAllocator small = new RangeAllocator(new CidrSet(Ipv4Cidr.parse("10.42.0.0/24"), 25));
        small.allocate("a"); // 10.42.0.0/25, but the node ends up with the other half
        small.occupy("a", "10.42.0.128/25");
        assertThat(small.allocate("b")).contains(Ipv4Cidr.parse("10.42.0.0/25"));
    }

    @Test
    void aBlockTwoNodesShareStaysUsedUntilBothAreGone() {
        RangeAllocator small = new RangeAllocator(new CidrSet(Ipv4Cidr.parse("10.42.0.0/24"), 25));
        small.occupy("a", "10.42.0.0/25");
        small.occupy("b", "10.42.0.0/25"); // set by hand, twice
        small.occupy("c", "10.42.0.128/25");
        small.release("a");
        assertThat(small.allocate("d")).isEmpty();
        small.release("b");
        assertThat(small.allocate("d")).contains(Ipv4Cidr.parse("10.42.0.0/25"));
    }
}
