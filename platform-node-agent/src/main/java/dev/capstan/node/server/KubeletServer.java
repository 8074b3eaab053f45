package dev.capstan.node.server;

import dev.capstan.node.cri.v1.AttachRequest;
import dev.capstan.node.cri.v1.ContainerState;
import dev.capstan.node.cri.v1.ContainerStatusRequest;
import dev.capstan.node.cri.v1.ExecRequest;
import dev.capstan.node.cri.v1.PortForwardRequest;
import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import dev.capstan.node.stats.CriUsageReader;
import dev.capstan.node.stats.NodeUsage;
import io.grpc.StatusRuntimeException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The kubelet's HTTPS API for the streaming subresources, in upstream's URL layout: {@code /containerLogs},
 * {@code /exec}, {@code /attach} and {@code /portForward}. Logs come from the CRI log files; exec, attach and
 * port-forward are relayed to the URL containerd's CRI returns for them; {@code /healthz} answers "ok". Only
 * WebSocket clients are served (the API server relays kubectl's WebSocket); a SPDY upgrade is refused with 400.
 * The metrics endpoints are upstream's too: {@code /metrics/cadvisor} and {@code /metrics/resource} from the
 * containers' cgroups, {@code /metrics} the agent's own meters when {@link #agentMetrics} supplied them.
 * With a client CA, every path wants a certificate it signed or, with {@link #bearerTokens}, a bearer token the
 * API server vouches for and allows on this node.
 */
public final class KubeletServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubeletServer.class);

    private static final Duration CRI_TIMEOUT = Duration.ofSeconds(10);

    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final PodContainers pods;
    private final SelfSignedCertificate certificate;
    private final X509Certificate clientCa;
    private final CriUsageReader usage;
    private volatile Supplier<String> agentMetrics;
    private DelegatedAuthorizer tokens;
    private DisposableServer server;

    /** A server that takes any caller (no client certificate asked): only for a kubelet bound to loopback. */
    public KubeletServer(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime, PodContainers pods,
                         SelfSignedCertificate certificate) {
        this(runtime, pods, certificate, null);
    }

    /**
     * @param clientCa when set, callers must show a client certificate it signed (upstream's --client-ca-file;
     *                 the API server's kubelet client certificate); null serves anyone who can connect
     */
    public KubeletServer(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime, PodContainers pods,
                         SelfSignedCertificate certificate, X509Certificate clientCa) {
        this.runtime = runtime;
        this.pods = pods;
        this.certificate = certificate;
        this.clientCa = clientCa;
        this.usage = new CriUsageReader(runtime);
    }

    /**
     * Serves {@code /metrics} from this supplier of Prometheus text (format 0.0.4), e.g.
     * {@code PrometheusMeterRegistry::scrape}; without one {@code /metrics} answers 404. Called on a worker
     * thread per scrape. Returns this server, for chaining before {@link #start}.
     */
    public KubeletServer agentMetrics(Supplier<String> scrape) {
        this.agentMetrics = scrape;
        return this;
    }

    /**
     * Also accepts callers with a bearer token, reviewed by the API server (upstream's webhook authentication and
     * authorization), e.g. Prometheus with a ServiceAccount token allowed {@code nodes/metrics}. Only meaningful
     * with a client CA. Returns this server, for chaining before {@link #start}.
     */
    public KubeletServer bearerTokens(DelegatedAuthorizer authorizer) {
        this.tokens = authorizer;
        return this;
    }

    /** Binds and starts serving; returns the bound port (useful with port 0). Not idempotent. */
    public int start(String host, int port) {
        server = HttpServer.create()
                .host(host)
                .port(port)
                .secure(ssl -> ssl.sslContext(tls()))
                .route(routes -> routes
                        .get("/healthz", guarded((req, res) -> res.sendString(Mono.just("ok"))))
                        .get("/metrics", guarded(this::agentMetrics))
                        .get("/metrics/cadvisor", guarded((req, res) -> usageMetrics(res, CadvisorMetrics::render)))
                        .get("/metrics/resource", guarded((req, res) -> usageMetrics(res, ResourceMetrics::render)))
                        .get("/containerLogs/{namespace}/{pod}/{container}", guarded(this::containerLogs))
                        .get("/exec/{namespace}/{pod}/{container}", guarded((req, res) -> remoteCommand(req, res, true)))
                        .post("/exec/{namespace}/{pod}/{container}", guarded((req, res) -> remoteCommand(req, res, true)))
                        .get("/attach/{namespace}/{pod}/{container}", guarded((req, res) -> remoteCommand(req, res, false)))
                        .post("/attach/{namespace}/{pod}/{container}", guarded((req, res) -> remoteCommand(req, res, false)))
                        .get("/portForward/{namespace}/{pod}", guarded(this::portForward))
                        .post("/portForward/{namespace}/{pod}", guarded(this::portForward)))
                .bindNow();
        log.info("kubelet server listening address={} port={}", host, server.port());
        return server.port();
    }

    private Http11SslContextSpec tls() {
        Http11SslContextSpec spec = Http11SslContextSpec.forServer(certificate.key(), certificate.certificate());
        // OPTIONAL rather than REQUIRE once bearer tokens are accepted too: a caller without a certificate gets
        // through the handshake and must then show a token; a certificate shown must still be one the CA signed
        ClientAuth clientAuth = tokens == null ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL;
        return clientCa == null ? spec
                : spec.configure(builder -> builder.clientAuth(clientAuth).trustManager(clientCa));
    }

    /**
     * Lets a request through when the server guards nothing (no client CA), when the caller showed a certificate
     * the CA signed (the API server: trusted as before), or when its bearer token's user may do this on the node.
     */
    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> guarded(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (req, res) -> {
            if (clientCa == null || tokens == null || hasClientCertificate(req)) {
                return handler.apply(req, res);
            }
            String token = BearerToken.of(req.requestHeaders().get("Authorization"));
            if (token == null) {
                return refuse(res, 401, "Unauthorized");
            }
            KubeletRequestAttributes attributes =
                    KubeletRequestAttributes.of(req.method().name(), new QueryStringDecoder(req.uri()).path());
            return blocking(() -> tokens.review(token, attributes))
                    .onErrorResume(e -> {
                        log.warn("delegated authorization failed error={}", e.toString());
                        return Mono.just(new DelegatedAuthorizer.Verdict(false, 500, "Internal Server Error"));
                    })
                    .flatMap(verdict -> verdict.allowed() ? Mono.from(handler.apply(req, res))
                            : Mono.from(refuse(res, verdict.status(), verdict.message())));
        };
    }

    private static boolean hasClientCertificate(HttpServerRequest req) {
        AtomicBoolean shown = new AtomicBoolean();
        req.withConnection(connection -> {
            SslHandler ssl = connection.channel().pipeline().get(SslHandler.class);
            try {
                shown.set(ssl != null && ssl.engine().getSession().getPeerCertificates().length > 0);
            } catch (SSLPeerUnverifiedException e) {
                shown.set(false);
            }
        });
        return shown.get();
    }

    private static Publisher<Void> refuse(HttpServerResponse res, int status, String message) {
        return res.status(status).header("Content-Type", "text/plain; charset=utf-8").sendString(Mono.just(message));
    }

    private Publisher<Void> agentMetrics(HttpServerRequest req, HttpServerResponse res) {
        Supplier<String> scrape = agentMetrics;
        if (scrape == null) {
            return res.status(404).sendString(Mono.just("404 page not found\n"));
        }
        return res.header("Content-Type", PrometheusText.CONTENT_TYPE).sendString(blocking(scrape::get));
    }

    /** Upstream answers a failed read with 200 and scrape_error 1 rather than an HTTP error, so scrapers keep going. */
    private Publisher<Void> usageMetrics(HttpServerResponse res, Function<NodeUsage, String> renderer) {
        return res.header("Content-Type", PrometheusText.CONTENT_TYPE).sendString(blocking(() -> {
            NodeUsage read;
            try {
                read = usage.read();
            } catch (RuntimeException e) {
                log.warn("usage unreadable error={}", e.toString());
                read = new NodeUsage(Instant.now(), null, List.of(), true);
            }
            return renderer.apply(read);
        }));
    }

    private Publisher<Void> containerLogs(HttpServerRequest req, HttpServerResponse res) {
        LogOptions options;
        try {
            options = LogOptions.fromQuery(req.uri(), Instant.now());
        } catch (RuntimeException e) {
            return WebSocketRelay.error(res, 400, "invalid log options: " + e.getMessage());
        }
        String ns = req.param("namespace");
        String pod = req.param("pod");
        String container = req.param("container");
        return blocking(() -> pods.containerId(ns, pod, container, options.previous())
                .map(id -> rt().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build())
                        .getStatus()))
                .flatMap(status -> {
                    if (status.isEmpty()) {
                        // upstream's kubelet answers every log failure but a missing pod with 400
                        return Mono.from(WebSocketRelay.error(res, 400, options.previous()
                                ? "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found"
                                : "container \"" + container + "\" in pod \"" + pod + "\" is not available"));
                    }
                    String id = status.get().getId();
                    ContainerLogStream stream = new ContainerLogStream(Path.of(status.get().getLogPath()), options,
                            () -> isRunning(id));
                    return res.header("Content-Type", "text/plain")
                            .send(stream.read().map(Unpooled::wrappedBuffer), buf -> true)
                            .then();
                });
    }

    private boolean isRunning(String containerId) {
        try {
            ContainerState state = rt().containerStatus(
                    ContainerStatusRequest.newBuilder().setContainerId(containerId).build()).getStatus().getState();
            return state == ContainerState.CONTAINER_RUNNING || state == ContainerState.CONTAINER_CREATED;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    private Publisher<Void> remoteCommand(HttpServerRequest req, HttpServerResponse res, boolean exec) {
        List<String> offered = StreamProtocols.offered(req.requestHeaders().get("Sec-WebSocket-Protocol"));
        if (!"websocket".equalsIgnoreCase(req.requestHeaders().get("Upgrade"))) {
            return WebSocketRelay.error(res, 400, "this kubelet serves exec and attach over WebSocket only");
        }
        Optional<String> protocol = StreamProtocols.remoteCommand(offered);
        if (protocol.isEmpty()) {
            return WebSocketRelay.error(res, 400, "none of the requested subprotocols is supported: " + offered);
        }
        Map<String, List<String>> q = new QueryStringDecoder(req.uri()).parameters();
        boolean stdin = LogOptions.flag(q, "input") || LogOptions.flag(q, "stdin");
        boolean stdout = LogOptions.flag(q, "output") || LogOptions.flag(q, "stdout");
        boolean stderr = LogOptions.flag(q, "error") || LogOptions.flag(q, "stderr");
        boolean tty = LogOptions.flag(q, "tty");
        List<String> command = q.getOrDefault("command", List.of());
        if (exec && command.isEmpty()) {
            return WebSocketRelay.error(res, 400, "you must specify at least one command for the container");
        }
        String ns = req.param("namespace");
        String pod = req.param("pod");
        String container = req.param("container");
        return blocking(() -> pods.containerId(ns, pod, container, false).map(id -> exec
                ? rt().exec(ExecRequest.newBuilder().setContainerId(id).addAllCmd(command).setTty(tty)
                        .setStdin(stdin).setStdout(stdout).setStderr(stderr && !tty).build()).getUrl()
                : rt().attach(AttachRequest.newBuilder().setContainerId(id).setTty(tty)
                        .setStdin(stdin).setStdout(stdout).setStderr(stderr && !tty).build()).getUrl()))
                .flatMap(url -> url.isEmpty()
                        ? Mono.from(WebSocketRelay.error(res, 404,
                                "container " + container + " not found in pod " + ns + "/" + pod))
                        : relayRemoteCommand(res, url.get(), protocol.get(), stdin, stdout, stderr, tty))
                .onErrorResume(e -> failed(res, e));
    }

    /**
     * v5 clients whose stdin can end (no TTY) are served over containerd's SPDY, where stdin can be
     * half-closed; everything else is relayed to its v4 WebSocket, which cannot say that stdin ended.
     */
    private static Mono<Void> relayRemoteCommand(HttpServerResponse res, String url, String protocol,
                                                 boolean stdin, boolean stdout, boolean stderr, boolean tty) {
        if (StreamProtocols.V5.equals(protocol) && stdin && !tty) {
            return SpdyExecRelay.relay(res, url, stdin, stdout, stderr, tty);
        }
        return WebSocketRelay.relay(res, url, protocol, StreamProtocols.backendFor(protocol));
    }

    private Publisher<Void> portForward(HttpServerRequest req, HttpServerResponse res) {
        List<String> offered = StreamProtocols.offered(req.requestHeaders().get("Sec-WebSocket-Protocol"));
        if (!"websocket".equalsIgnoreCase(req.requestHeaders().get("Upgrade"))) {
            return WebSocketRelay.error(res, 400, "this kubelet serves port-forward over WebSocket only");
        }
        Map<String, List<String>> q = new QueryStringDecoder(req.uri()).parameters();
        List<Integer> ports = q.getOrDefault("port", List.of()).stream()
                .flatMap(p -> java.util.Arrays.stream(p.split(","))).map(Integer::valueOf).toList();
        String ns = req.param("namespace");
        String pod = req.param("pod");
        return blocking(() -> pods.sandboxId(ns, pod).map(id -> rt().portForward(
                PortForwardRequest.newBuilder().setPodSandboxId(id).addAllPort(ports).build()).getUrl()))
                .flatMap(url -> {
                    if (url.isEmpty()) {
                        return Mono.from(WebSocketRelay.error(res, 404, "pod " + ns + "/" + pod + " not found"));
                    }
                    if (StreamProtocols.isSpdyTunnel(offered)) {
                        return SpdyTunnel.open(res, url.get());
                    }
                    // the v4 WebSocket port-forward protocol (ports in the query) is one containerd speaks itself
                    String protocol = offered.contains(StreamProtocols.V4) ? StreamProtocols.V4 : "";
                    return WebSocketRelay.relay(res, url.get(), protocol, protocol);
                })
                .onErrorResume(e -> failed(res, e));
    }

    /** A refused CRI call or an unreachable stream server: said as text while the response is still HTTP. */
    private static Mono<Void> failed(HttpServerResponse res, Throwable e) {
        log.warn("stream request failed uri={} error={}", res.uri(), e.toString());
        if (res.hasSentHeaders()) {
            return Mono.empty();
        }
        String message = e instanceof StatusRuntimeException s ? s.getStatus().getDescription() : e.getMessage();
        return Mono.from(WebSocketRelay.error(res, 500, String.valueOf(message)));
    }

    /** Every CRI call here is quick (the streams themselves run on containerd's stream server). */
    private RuntimeServiceGrpc.RuntimeServiceBlockingStub rt() {
        return runtime.withDeadlineAfter(CRI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public void close() {
        if (server != null) {
            server.disposeNow();
        }
    }
}
