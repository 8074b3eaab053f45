package dev.capstan.api.proxy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * The API server's clients of kubelets. Kubelet serving certificates are self-signed, and upstream's API server
 * does not verify them unless given --kubelet-certificate-authority; neither does Capstan's (no such option yet).
 */
final class KubeletClients {

    /** Large enough for any one stream message kubectl or a kubelet sends (they chunk at 32 KiB). */
    static final int MAX_MESSAGE = 1 << 20;

    final WebClient http;
    final WebSocketClient webSocket;

    /** @param identity the API server's client certificate for kubelets that require one; null for none */
    KubeletClients(KubeletClientIdentity identity) {
        SslContext tls = tls(identity);
        HttpClient client = HttpClient.create()
                .secure(spec -> spec.sslContext(tls).handshakeTimeout(Duration.ofSeconds(10)))
                .responseTimeout(null);
        this.http = WebClient.builder().clientConnector(new ReactorClientHttpConnector(client)).build();
        this.webSocket = new ReactorNettyWebSocketClient(client,
                () -> WebsocketClientSpec.builder().maxFramePayloadLength(MAX_MESSAGE));
    }

    private static SslContext tls(KubeletClientIdentity identity) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE);
            if (identity != null) {
                builder.keyManager(identity.key(), identity.chain());
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }
}
