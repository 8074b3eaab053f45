package dev.capstan.node.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Address;

/** IP literal parsing that never performs a DNS lookup (InetAddress.getByName would for non-literals). */
final class IpAddresses {

    private IpAddresses() {
    }

    /** The address written as {@code literal} (IPv4 or IPv6), or empty if it is not an IP literal. */
    static Optional<InetAddress> parse(String literal) {
        if (literal == null || literal.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Address.getByAddress(literal));
        } catch (UnknownHostException notALiteral) {
            return Optional.empty();
        }
    }

    /**
     * One spelling per address, so index keys built from API strings match keys built from query names
     * ({@code 2001:db8::1} and {@code 2001:0db8:0:0::1} are the same address).
     */
    static String canonical(InetAddress address) {
        return address.getHostAddress();
    }
}
