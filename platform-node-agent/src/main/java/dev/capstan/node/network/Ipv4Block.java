package dev.capstan.node.network;

/**
 * An IPv4 CIDR block. Node pod CIDRs and the cluster CIDR are IPv4 (single stack, as the node IPAM controller
 * hands them out).
 *
 * @param network      the first address, host bits cleared
 * @param prefixLength 0..32
 */
public record Ipv4Block(int network, int prefixLength) {

    public Ipv4Block {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
        }
        network &= mask(prefixLength);
    }

    /** Parses {@code a.b.c.d/n}; a bare address is a /32. */
    public static Ipv4Block parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        int prefix;
        try {
            prefix = slash < 0 ? 32 : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text, e);
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        return new Ipv4Block(address(slash < 0 ? s : s.substring(0, slash), text), prefix);
    }

    /** Whether {@code text} is an IPv4 block or address. */
    public static boolean isIpv4(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether every address of {@code other} is in this block. */
    public boolean contains(Ipv4Block other) {
        return other.prefixLength >= prefixLength && (other.network & mask(prefixLength)) == network;
    }

    public boolean overlaps(Ipv4Block other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public String toString() {
        return (network >>> 24 & 0xff) + "." + (network >>> 16 & 0xff) + "." + (network >>> 8 & 0xff) + "."
                + (network & 0xff) + "/" + prefixLength;
    }

    private static int address(String dotted, String original) {
        String[] octets = dotted.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + original);
        }
        int value = 0;
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                throw new IllegalArgumentException("not an IPv4 CIDR: " + original);
            }
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
