package dev.capstan.node.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives DNS queries on a UDP socket and answers each on a worker thread, so one slow upstream does not
 * hold up other clients. When all workers are busy a query is dropped: the client retries, which is how UDP
 * DNS copes with overload anyway.
 */
final class UdpListener implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(UdpListener.class);
    private static final int MAX_DATAGRAM = 65535;

    private final DatagramSocket socket;
    private final DnsRequestHandler handler;
    private final ExecutorService workers;

    UdpListener(DatagramSocket socket, DnsRequestHandler handler, ExecutorService workers) {
        this.socket = socket;
        this.handler = handler;
        this.workers = workers;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    log.warn("udp receive failed error={}", e.toString());
                }
                continue;
            }
            byte[] request = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            try {
                workers.execute(() -> answer(request, client));
            } catch (RejectedExecutionException overloaded) {
                log.debug("udp query dropped, all workers busy client={}", client);
            }
        }
    }

    private void answer(byte[] request, SocketAddress client) {
        byte[] response = handler.handle(request, "udp");
        if (response == null) {
            return;
        }
        try {
            socket.send(new DatagramPacket(response, response.length, client));
        } catch (IOException e) {
            if (!socket.isClosed()) {
                log.debug("udp send failed client={} error={}", client, e.toString());
            }
        }
    }
}
