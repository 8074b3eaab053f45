#!/usr/bin/env bash
# The controller manager benchmark (see docs/benchmarks.md): a fresh `capstan server` (API + scheduler + controllers) in a
# child JVM, 100 simulated nodes that run bound pods (platform-testkit), then 1,000 Deployments of 10 replicas from 16
# client threads; reports time until all are available, pods created/s and the server's CPU and peak RSS.
# Sizes: -Dbench.deployments=1000 -Dbench.replicas=10 -Dbench.nodes=100; server flags: -Dbench.serverJvmFlags="-Xmx2g".
# Needs the other modules installed first: mvn -q install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl platform-server -DskipTests test-compile \
  org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=dev.capstan.server.bench.ControllerBenchmark \
  -Dexec.classpathScope=test -Dbench.dir=platform-server/target/bench-controllers "$@"
