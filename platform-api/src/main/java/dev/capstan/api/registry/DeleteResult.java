package dev.capstan.api.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a delete did: removed the object at once ({@code removed}), or marked it deleting (finalizers, a grace
 * period) so it stays until those are done — upstream answers 200 for the first and 202 for the second.
 */
public record DeleteResult(ObjectNode object, boolean removed) {
}
