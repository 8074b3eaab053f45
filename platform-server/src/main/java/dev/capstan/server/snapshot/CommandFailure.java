package dev.capstan.server.snapshot;

/** A snapshot command that cannot go on; its message is printed and the exit code is 1. */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message) {
        super(message);
    }
}
