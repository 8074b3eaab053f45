package dev.capstan.node.server;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A client's inbound messages read by a subscription of its own and handed on through a buffer. Reactor Netty
 * answers a cancelled WebSocket inbound with a close frame that has no status code (kubectl then reports
 * "close 1005" instead of the exit status), and a send to a peer that has closed cancels its source: reading
 * through this buffer keeps such a send from cancelling the client's inbound.
 */
final class DetachedInbound<T> {

    private final Sinks.Many<T> buffer = Sinks.many().unicast().onBackpressureBuffer();
    private final Mono<Void> reading;

    DetachedInbound(Flux<T> inbound) {
        this.reading = inbound.doOnNext(buffer::tryEmitNext)
                .doOnTerminate(buffer::tryEmitComplete)
                .then();
    }

    /** Reads the inbound; completes when the client's inbound does (the client closed or went away). */
    Mono<Void> reading() {
        return reading;
    }

    /** What was read, for one subscriber; cancelling it leaves the inbound alone. */
    Flux<T> messages() {
        return buffer.asFlux();
    }
}
