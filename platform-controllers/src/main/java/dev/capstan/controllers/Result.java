package dev.capstan.controllers;

import java.time.Duration;

/**
 * What a reconcile asks for next: nothing (done until the next event), or another look after a delay
 * (e.g. when {@code minReadySeconds} will have passed). Failures are exceptions: the key is retried with
 * the queue's rate limiting.
 *
 * @param requeueAfter when to look again, or null
 */
public record Result(Duration requeueAfter) {

    private static final Result DONE = new Result(null);

    public static Result done() {
        return DONE;
    }

    public static Result requeueAfter(Duration delay) {
        return new Result(delay);
    }
}
