#!/usr/bin/env bash
# The platform-store benchmark (see docs/benchmarks.md): writes/s and p50/p99 for the embedded store, the
# RocksDB candidate, the etcd-backed store and jetcd-direct on a local etcd; then watch fan-out.
# Needs `etcd` on PATH (scripts/install-deps.sh). Extra -Dbench.* flags are passed through.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl platform-store -DskipTests test-compile \
  org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=dev.capstan.store.bench.StoreBenchmark \
  -Dexec.classpathScope=test "$@"
