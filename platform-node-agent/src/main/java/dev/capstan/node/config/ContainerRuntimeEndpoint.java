package dev.capstan.node.config;

import java.nio.file.Path;

/** Where the CRI runtime listens: a configured socket, or the socket of the containerd the agent runs itself. */
@FunctionalInterface
public interface ContainerRuntimeEndpoint {

    Path socket();
}
