package dev.capstan.node.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/** The node's name and address when not configured: the host name and the first up, non-loopback IPv4 address. */
final class NodeAddresses {

    private NodeAddresses() {
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    static String firstIpv4() {
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
