package dev.capstan.node.config;

/** A part of the node agent started before the kubelet and stopped after it (cluster DNS, the kubelet server). */
public interface AgentService {

    void start();

    void stop();
}
