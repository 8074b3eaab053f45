package dev.capstan.api.builtin;

import dev.capstan.api.ResourceStrategy;

/** A kind with no behaviour of its own: the generic store's metadata handling and checks are all it needs. */
final class PlainStrategy implements ResourceStrategy {
}
