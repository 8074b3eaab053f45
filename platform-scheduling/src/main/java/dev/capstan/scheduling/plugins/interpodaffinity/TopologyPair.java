package dev.capstan.scheduling.plugins.interpodaffinity;

/**
 * A topology domain: a node label key and its value (e.g. {@code topology.kubernetes.io/zone=zone1}).
 *
 * @param key the topology key
 * @param value the node's value for it
 */
record TopologyPair(String key, String value) {
}
