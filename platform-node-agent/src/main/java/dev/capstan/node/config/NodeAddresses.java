package dev.capstan.node.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/** The node's name and address when not configured: the host name and the first up, non-loopback IPv4 address. */
public final class NodeAddresses {

    private NodeAddresses() {
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * The address this host uses to reach other machines: the source address of its default route (a UDP
     * "connect" sends nothing; the kernel just picks the route), else the first up non-loopback IPv4 address.
     */
    static String firstIpv4() {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(InetAddress.getByName("192.0.2.255"), 9);
            InetAddress local = probe.getLocalAddress();
            if (local instanceof Inet4Address && !local.isAnyLocalAddress() && !local.isLoopbackAddress()) {
                return local.getHostAddress();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no route: fall back to the interfaces
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                // Skip our own pod bridge and veths: the node address is the one other machines reach.
                if (!nic.isUp() || nic.isLoopback() || nic.getName().startsWith("capstan") || nic.getName().startsWith("veth")
                        || nic.getName().startsWith("cni")) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through
        }
        return "127.0.0.1";
    }
}
