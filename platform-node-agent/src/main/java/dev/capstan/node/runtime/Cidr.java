package dev.capstan.node.runtime;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 CIDR block, for deciding whether an address is in the pod subnet. */
record Cidr(int network, int prefixLength) {

    static Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        return new Cidr(toInt(cidr.substring(0, slash)) & mask(prefix), prefix);
    }

    /** Whether {@code address} (dotted IPv4, optionally with a /prefix as iptables prints it) is in this block. */
    boolean contains(String address) {
        String ip = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
        try {
            return (toInt(ip) & mask(prefixLength)) == network;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static int toInt(String dotted) {
        if (!dotted.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        try {
            byte[] b = ((Inet4Address) InetAddress.getByName(dotted)).getAddress();
            return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted, e);
        }
    }
}
