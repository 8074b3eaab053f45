#!/usr/bin/env bash
# The scheduler benchmark (see docs/benchmarks.md), shaped like upstream's scheduler_perf: a fresh `capstan server`
# (API + scheduler) in a child JVM per workload, simulated nodes (platform-testkit) in 3 zones, pods created by 16
# client threads, bindings counted from a watch. Workloads: basic-500 (500 nodes, 5,000 pods), basic-5000
# (5,000 nodes, 10,000 pods), anti-affinity (5,000 nodes, 2,000 pods with required hostname anti-affinity),
# spread (5,000 nodes, 5,000 pods with a zone topology spread constraint). Pick with -Dbench.workloads=...;
# server flags with -Dbench.serverJvmFlags="-Xmx2g" and -Dbench.serverArgs="--capstan.scheduler.record-events=false".
# Needs the other modules installed first: mvn -q install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl platform-server -DskipTests test-compile \
  org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=dev.capstan.server.bench.SchedulerBenchmark \
  -Dexec.classpathScope=test -Dbench.dir=platform-server/target/bench-scheduler "$@"
