package dev.capstan.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Watch fan-out: {@code watchers} watches on one namespace's pods, then {@code writes} merge-patches of those pods,
 * each setting label {@code bench-seq} to its sequence number. A watcher takes the latency of an event as the time
 * from the start of the write that caused it to its arrival, so both clocks are this JVM's.
 */
final class WatchFanOut {

    /** How the watches are carried. */
    enum Transport { WEBSOCKET, HTTP_STREAM }

    record Measured(int watchers, int writes, long delivered, long expected, double seconds, double p50Millis,
            double p99Millis, double openSeconds, int incompleteWatchers, ClosedLoop.Measured writeLoop) {

        double deliveredPerSecond() {
            return delivered / seconds;
        }
    }

    private static final String SEQ = "\"bench-seq\":\"";
    private static final int WATCHERS_PER_CLIENT = 250;

    private WatchFanOut() {
    }

    /**
     * Opens the watchers from {@code resourceVersion} (null: from now), waits {@code settle} so that every server
     * has registered them, runs the writes from {@code writers} threads, and waits at most {@code maxWait} for every
     * watcher to have every event. {@code atFirstWrite} runs just before the first write (to sample CPU time).
     */
    static Measured run(Api api, Transport transport, String namespace, List<String> pods, String resourceVersion,
            int watchers, int writes, int writers, Duration settle, Duration maxWait, Runnable atFirstWrite)
            throws Exception {
        AtomicLongArray sentAt = new AtomicLongArray(writes);
        CountDownLatch all = new CountDownLatch(watchers * writes);
        Watcher[] ws = new Watcher[watchers];
        String query = "/api/v1/namespaces/" + namespace + "/pods?watch=true"
                + (resourceVersion == null ? "" : "&resourceVersion=" + resourceVersion);
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < (watchers + WATCHERS_PER_CLIENT - 1) / WATCHERS_PER_CLIENT; i++) {
            clients.add(api.newClient());
        }
        try {
            long openStart = System.nanoTime();
            List<CompletableFuture<?>> opened = new ArrayList<>();
            for (int i = 0; i < watchers; i++) {
                ws[i] = new Watcher(writes, sentAt, all);
                HttpClient client = clients.get(i / WATCHERS_PER_CLIENT);
                if (transport == Transport.WEBSOCKET) {
                    opened.add(client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                            .buildAsync(URI.create(api.webSocketBase() + query), ws[i].webSocketListener()));
                } else {
                    // the response future would only complete when the stream ends: the watch counts as open when
                    // its headers arrive, as Fabric8 counts it
                    CompletableFuture<Void> headers = new CompletableFuture<>();
                    Flow.Subscriber<String> lines = ws[i].lineSubscriber();
                    client.sendAsync(HttpRequest.newBuilder(URI.create(api.base() + query)).GET().build(), info -> {
                        headers.complete(null);
                        return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
                    }).whenComplete((r, e) -> headers.complete(null));
                    opened.add(headers);
                }
                if (opened.size() % 100 == 0) {
                    // open in waves: a thousand TLS handshakes at once only measure the handshake backlog
                    CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            Thread.sleep(settle.toMillis());

            atFirstWrite.run();
            long start = System.nanoTime();
            ClosedLoop.Measured writeLoop = ClosedLoop.run(writers, writes, maxWait, (w, i) -> {
                sentAt.set((int) i, System.nanoTime());
                api.mergePatch(w, "/api/v1/namespaces/" + namespace + "/pods/" + pods.get((int) (i % pods.size())),
                        "{\"metadata\":{\"labels\":{\"bench-seq\":\"" + i + "\"}}}");
            });
            all.await(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;

            long delivered = 0;
            int incomplete = 0;
            long[] latencies = new long[watchers * writes];
            int at = 0;
            for (Watcher w : ws) {
                int n = w.received();
                delivered += n;
                incomplete += n < writes ? 1 : 0;
                System.arraycopy(w.latencies, 0, latencies, at, n);
                at += n;
            }
            long[] sorted = Arrays.copyOf(latencies, at);
            Arrays.sort(sorted);
            return new Measured(watchers, writes, delivered, (long) watchers * writes, seconds,
                    ClosedLoop.percentileMillis(sorted, 0.50), ClosedLoop.percentileMillis(sorted, 0.99), openSeconds,
                    incomplete, writeLoop);
        } finally {
            // on a failure, watches already open must not outlive the step
            for (Watcher w : ws) {
                if (w != null) {
                    w.close();
                }
            }
        }
    }

    /** One watch: counts the bench's MODIFIED events and keeps their latencies. Callbacks arrive one at a time. */
    private static final class Watcher {

        final long[] latencies;
        private final AtomicLongArray sentAt;
        private final CountDownLatch all;
        private volatile int received;
        private volatile WebSocket webSocket;
        private volatile Flow.Subscription subscription;

        Watcher(int writes, AtomicLongArray sentAt, CountDownLatch all) {
            this.latencies = new long[writes];
            this.sentAt = sentAt;
            this.all = all;
        }

        int received() {
            return received;
        }

        void onEvent(CharSequence event) {
            long now = System.nanoTime();
            String s = event.toString();
            int at = s.indexOf(SEQ);
            if (at < 0 || !s.contains("\"MODIFIED\"")) {
                return;
            }
            int from = at + SEQ.length();
            int to = s.indexOf('"', from);
            int seq = Integer.parseInt(s, from, to, 10);
            if (received < latencies.length) {
                latencies[received] = now - sentAt.get(seq);
                received = received + 1;
                all.countDown();
            }
        }

        WebSocket.Listener webSocketListener() {
            return new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public void onOpen(WebSocket ws) {
                    webSocket = ws;
                    ws.request(Long.MAX_VALUE);
                }

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    if (!last || partial.length() > 0) {
                        partial.append(data);
                        if (last) {
                            onEvent(partial);
                            partial.setLength(0);
                        }
                    } else {
                        onEvent(data);
                    }
                    return null;
                }
            };
        }

        Flow.Subscriber<String> lineSubscriber() {
            return new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    onEvent(line);
                }

                @Override
                public void onError(Throwable t) {
                    // the watch ended; what it delivered is counted
                }

                @Override
                public void onComplete() {
                }
            };
        }

        void close() {
            if (webSocket != null) {
                webSocket.abort();
            }
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
