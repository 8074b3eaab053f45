package dev.capstan.node.dns;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts DNS-over-TCP connections (RFC 7766: two-byte length prefix, several queries per connection,
 * answered in order) and serves each connection on a worker thread until the client closes it or stays idle
 * longer than the idle timeout.
 */
final class TcpListener implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

    private final ServerSocket serverSocket;
    private final DnsRequestHandler handler;
    private final ExecutorService workers;
    private final int idleTimeoutMillis;

    TcpListener(ServerSocket serverSocket, DnsRequestHandler handler, ExecutorService workers, Duration idleTimeout) {
        this.serverSocket = serverSocket;
        this.handler = handler;
        this.workers = workers;
        this.idleTimeoutMillis = Math.toIntExact(idleTimeout.toMillis());
    }

    @Override
    public void run() {
        while (!serverSocket.isClosed()) {
            Socket connection;
            try {
                connection = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    log.warn("tcp accept failed error={}", e.toString());
                }
                continue;
            }
            try {
                workers.execute(() -> serve(connection));
            } catch (RejectedExecutionException overloaded) {
                log.debug("tcp connection refused, all workers busy client={}", connection.getRemoteSocketAddress());
                closeQuietly(connection);
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(idleTimeoutMillis);
            DataInputStream in = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.getOutputStream()));
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | SocketTimeoutException closedOrIdle) {
                    return;
                }
                byte[] request = new byte[length];
                in.readFully(request);
                byte[] response = handler.handle(request, "tcp");
                if (response == null) {
                    return;
                }
                out.writeShort(response.length);
                out.write(response);
                out.flush();
            }
        } catch (IOException e) {
            log.debug("tcp connection ended client={} error={}", connection.getRemoteSocketAddress(), e.toString());
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
