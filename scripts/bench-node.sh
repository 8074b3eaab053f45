#!/usr/bin/env bash
# The node agent benchmark (see docs/benchmarks.md), after upstream's pod startup latency SLI with images present:
# a fresh `capstan server` and a real `capstan agent` (its own containerd, runc, CNI) in child JVMs; after a warm-up
# pod, 30 pods of `sleep 3600` from 4 client threads; reports startup latency p50/p90/p99/max (client create call
# to a watch seeing the pod Running with every container started), then the idle agent's RSS and CPU and the RSS of
# its containerd and shims over 60 s. Sizes: -Dbench.pods=30 -Dbench.idleSeconds=60; JVM flags:
# -Dbench.agentJvmFlags="-Xmx256m" -Dbench.serverJvmFlags="-Xmx1g"; an agent change without installing it:
# -Dbench.agentClasses=platform-node-agent/target/classes. Per-pod timestamps land in
# platform-server/target/bench-node/pods.csv, containerd's log (RunPodSandbox/CreateContainer/StartContainer) beside it.
# Needs root, scripts/install-deps.sh, no other node agent on the machine (port 10250), and the other modules
# installed first: mvn -q install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl platform-server -DskipTests test-compile \
  org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=dev.capstan.server.bench.NodeBenchmark \
  -Dexec.classpathScope=test -Dbench.dir=platform-server/target/bench-node "$@"
