package dev.capstan.controllers.nodeipam;

/**
 * An IPv4 CIDR block as an unsigned 32-bit network address and a prefix length. The node IPAM controller is
 * IPv4-only (a single-stack cluster CIDR); an IPv6 or malformed block is rejected with the text it was given.
 *
 * @param network the first address, host bits zero, as an unsigned value in a long
 * @param prefixLength 0..32
 */
record Ipv4Cidr(long network, int prefixLength) {

    Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
        }
        network = network & mask(prefixLength);
    }

    /** Parses {@code a.b.c.d/n}; host bits set in the address are an error, as Go's {@code net.ParseCIDR} callers treat them. */
    static Ipv4Cidr parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        String[] octets = s.substring(0, slash).split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        long address = 0;
        int prefix;
        try {
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255 || octet.isEmpty() || octet.length() > 3) {
                    throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
                }
                address = address << 8 | value;
            }
            prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text, e);
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        return new Ipv4Cidr(address, prefix);
    }

    /** How many addresses the block spans. */
    long size() {
        return 1L << (32 - prefixLength);
    }

    long lastAddress() {
        return network + size() - 1;
    }

    boolean overlaps(Ipv4Cidr other) {
        return network <= other.lastAddress() && other.network <= lastAddress();
    }

    @Override
    public String toString() {
        return (network >>> 24 & 0xff) + "." + (network >>> 16 & 0xff) + "." + (network >>> 8 & 0xff) + "."
                + (network & 0xff) + "/" + prefixLength;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
    }
}
