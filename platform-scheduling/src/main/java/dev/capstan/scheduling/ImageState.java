package dev.capstan.scheduling;

/**
 * An image present on a node, with how many nodes of the cluster have it (for ImageLocality's spread
 * scaling).
 *
 * @param sizeBytes the image size the node reports
 * @param numNodes the number of nodes that have this image
 */
public record ImageState(long sizeBytes, int numNodes) {
}
