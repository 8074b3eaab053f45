package dev.capstan.scheduling;

/**
 * A host port a pod uses on its node. {@code 0.0.0.0} as the IP conflicts with every IP of the same
 * protocol and port (upstream's {@code HostPortInfo}).
 *
 * @param ip the host IP, {@code 0.0.0.0} when unset
 * @param protocol TCP, UDP or SCTP (TCP when unset)
 * @param port the host port
 */
public record HostPort(String ip, String protocol, int port) {

    public static final String ANY_IP = "0.0.0.0";

    /** Normalizes empty values the way upstream does. */
    public static HostPort of(String ip, String protocol, int port) {
        return new HostPort(ip == null || ip.isEmpty() ? ANY_IP : ip,
                protocol == null || protocol.isEmpty() ? "TCP" : protocol, port);
    }

    /** Whether two host ports cannot both be used on one node. */
    public boolean conflictsWith(HostPort other) {
        return port == other.port && protocol.equals(other.protocol)
                && (ip.equals(other.ip) || ip.equals(ANY_IP) || other.ip.equals(ANY_IP));
    }
}
