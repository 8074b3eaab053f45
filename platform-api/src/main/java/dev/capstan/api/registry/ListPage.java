package dev.capstan.api.registry;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page of a list: the objects (with their resourceVersions), the list's resourceVersion and the continue
 * token of the next page (null on the last).
 */
public record ListPage(List<ObjectNode> items, long resourceVersion, String continueToken) {
}
