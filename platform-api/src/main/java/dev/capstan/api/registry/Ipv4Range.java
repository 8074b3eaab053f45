package dev.capstan.api.registry;

import java.util.random.RandomGenerator;

/**
 * An IPv4 CIDR range for service addresses. As upstream, the network address and the broadcast address are
 * never handed out, and the first address ({@code .1} of 10.96.0.0/12, i.e. 10.96.0.1) is left for the
 * {@code kubernetes} Service, so random allocation starts at the second host address.
 */
final class Ipv4Range {

    private final long network;
    private final int prefix;

    private Ipv4Range(long network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    static Ipv4Range parseCidr(String cidr) {
        String[] parts = cidr.split("/");
        Long base = parts.length == 2 ? parse(parts[0]) : null;
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        if (base == null || prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("not an IPv4 CIDR of /8 to /30: " + cidr);
        }
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new Ipv4Range(base & mask, prefix);
    }

    /** The address as a number, or null when it is not a dotted IPv4 address. */
    static Long parse(String ip) {
        String[] octets = ip.split("\\.", -1);
        if (octets.length != 4) {
            return null;
        }
        long value = 0;
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int part = Integer.parseInt(octet);
            if (part > 255) {
                return null;
            }
            value = value << 8 | part;
        }
        return value;
    }

    static String format(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }

    private long size() {
        return 1L << (32 - prefix);
    }

    /** Whether the address is a usable host address of the range. */
    boolean contains(long address) {
        return address > network && address < network + size() - 1;
    }

    /** The first host address (reserved for the kubernetes Service). */
    long first() {
        return network + 1;
    }

    /** A random host address, never the first one. */
    long random(RandomGenerator random) {
        return network + 2 + random.nextLong(size() - 3);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
