#!/usr/bin/env bash
# The API server load benchmark (see docs/benchmarks.md): creates, gets, lists of 1,000 pods and watch fan-out
# (1,000 watchers) from 64 keep-alive clients, against Capstan (`capstan server` in a child JVM) and against
# Fabric8's KubernetesMockServer in CRUD mode as the in-memory peer. Extra -Dbench.* flags are passed through,
# e.g. -Dbench.creates=5000 -Dbench.watchers=100 -Dbench.serverJvmFlags="-Xmx512m".
# Needs the other modules installed first: mvn -q install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl platform-server -DskipTests test-compile \
  org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=dev.capstan.server.bench.ApiBenchmark \
  -Dexec.classpathScope=test -Dbench.dir=platform-server/target/bench-api "$@"
