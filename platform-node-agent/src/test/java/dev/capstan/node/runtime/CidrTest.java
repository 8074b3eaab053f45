package dev.capstan.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
            "10.42.0.0/24, 10.42.0.7, true",
            "10.42.0.0/24, 10.42.0.7/32, true",
            "10.42.0.0/24, 10.42.1.7, false",
            "10.42.0.0/24, 0.0.0.0/0, false",
            "10.42.0.0/24, anywhere, false",
            "10.42.0.5/16, 10.42.200.1, true",
            "0.0.0.0/0, 192.168.1.1, true"})
    void containsAddressesInsideTheBlockOnly(String cidr, String address, boolean inside) {
        assertThat(Cidr.parse(cidr).contains(address)).isEqualTo(inside);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.42.0.0", "10.42.0.0/33", "10.42.0/24", "example.com/24"})
    void rejectsWhatIsNotAnIpv4Cidr(String cidr) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(cidr));
    }
}
