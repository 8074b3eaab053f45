package dev.capstan.node.dns;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capstan's cluster DNS server: serves the cluster zone from a {@link ServiceDirectory} and forwards other
 * names upstream, over UDP and TCP on one address and port (CoreDNS with the {@code kubernetes} plugin in
 * "pods insecure" mode plus {@code forward . <upstreams>}).
 *
 * <p>Lifecycle: {@link #start()} binds both sockets and returns once they accept queries; {@link #stop()}
 * closes them. Neither the directory nor the meter registry is owned: starting and stopping them is the
 * caller's job.
 */
public final class ClusterDnsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterDnsServer.class);
    private static final int UDP_WORKERS = 64;
    private static final int TCP_WORKERS = 32;
    private static final Duration TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final int EPHEMERAL_BIND_ATTEMPTS = 20;

    private final DnsSettings settings;
    private final ServiceDirectory directory;
    private final DnsMetrics metrics;

    private DatagramSocket udpSocket;
    private ServerSocket tcpSocket;
    private ExecutorService udpWorkers;
    private ExecutorService tcpWorkers;

    public ClusterDnsServer(DnsSettings settings, ServiceDirectory directory, MeterRegistry registry) {
        this.settings = settings;
        this.directory = directory;
        this.metrics = new DnsMetrics(registry);
    }

    /**
     * Binds UDP and TCP and starts answering. With port 0 both sockets get the same free port.
     *
     * @throws UncheckedIOException  if the address or port cannot be bound
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (udpSocket != null) {
            throw new IllegalStateException("already started");
        }
        bind();
        int port = udpSocket.getLocalPort();
        List<InetSocketAddress> upstreams = withoutSelf(settings.upstreams(), settings.listenAddress(), port);
        ClusterZone zone = new ClusterZone(settings.clusterDomain(), settings.ttlSeconds(), directory,
                settings.listenAddress());
        DnsRequestHandler handler = new DnsRequestHandler(zone,
                new ReverseZone(zone, directory, settings.ttlSeconds()),
                new UpstreamForwarder(upstreams, settings.upstreamTimeout()), metrics);
        udpWorkers = workers("cluster-dns-udp", UDP_WORKERS);
        tcpWorkers = workers("cluster-dns-tcp", TCP_WORKERS);
        daemon("cluster-dns-udp-receiver", new UdpListener(udpSocket, handler, udpWorkers)).start();
        daemon("cluster-dns-tcp-acceptor", new TcpListener(tcpSocket, handler, tcpWorkers, TCP_IDLE_TIMEOUT)).start();
        log.info("cluster dns started address={} port={} zone={} upstreams={}",
                settings.listenAddress().getHostAddress(), port, zone.origin(), upstreams);
    }

    /** The port both sockets are bound to. @throws IllegalStateException if not started */
    public synchronized int port() {
        if (udpSocket == null) {
            throw new IllegalStateException("not started");
        }
        return udpSocket.getLocalPort();
    }

    /** Closes both sockets and stops the workers; idempotent. In-flight answers may be lost. */
    public synchronized void stop() {
        if (udpSocket == null) {
            return;
        }
        udpSocket.close();
        try {
            tcpSocket.close();
        } catch (IOException e) {
            log.debug("tcp close failed error={}", e.toString());
        }
        udpWorkers.shutdownNow();
        tcpWorkers.shutdownNow();
        udpSocket = null;
        tcpSocket = null;
        log.info("cluster dns stopped");
    }

    @Override
    public void close() {
        stop();
    }

    private void bind() {
        int attempts = settings.port() == 0 ? EPHEMERAL_BIND_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            DatagramSocket udp = null;
            try {
                udp = new DatagramSocket(new InetSocketAddress(settings.listenAddress(), settings.port()));
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                try {
                    tcp.bind(new InetSocketAddress(settings.listenAddress(), udp.getLocalPort()), 128);
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                udpSocket = udp;
                tcpSocket = tcp;
                return;
            } catch (IOException e) {
                if (udp != null) {
                    udp.close();
                }
                // With port 0 the free UDP port may be taken for TCP: pick another pair.
                if (!(e instanceof BindException) || attempt >= attempts) {
                    throw new UncheckedIOException("cannot bind cluster dns to "
                            + settings.listenAddress().getHostAddress() + ":" + settings.port(), e);
                }
            }
        }
    }

    /**
     * Upstreams minus this server itself: forwarding to our own address would loop until timeout (the host's
     * resolv.conf may well list the address the DNS listens on).
     */
    static List<InetSocketAddress> withoutSelf(List<InetSocketAddress> upstreams, InetAddress listen, int port) {
        return upstreams.stream()
                .filter(upstream -> upstream.getPort() != port || !isSelf(upstream.getAddress(), listen))
                .toList();
    }

    private static boolean isSelf(InetAddress upstream, InetAddress listen) {
        if (upstream == null) {
            return false;
        }
        if (upstream.equals(listen)) {
            return true;
        }
        if (!listen.isAnyLocalAddress()) {
            return false;
        }
        try {
            return upstream.isLoopbackAddress() || NetworkInterface.getByInetAddress(upstream) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static ExecutorService workers(String name, int max) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> daemon(name + "-" + count.incrementAndGet(), task));
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
