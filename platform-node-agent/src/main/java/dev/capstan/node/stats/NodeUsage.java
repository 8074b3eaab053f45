package dev.capstan.node.stats;

import java.time.Instant;
import java.util.List;

/**
 * The node's and its pods' usage, read at {@code readAt}.
 *
 * @param readAt the moment the figures were read (the samples' timestamp)
 * @param node   the whole node
 * @param pods   every pod with a ready sandbox
 * @param failed whether some container or pod could not be read (upstream's {@code scrape_error})
 */
public record NodeUsage(Instant readAt, CgroupStats node, List<PodUsage> pods, boolean failed) {
}
