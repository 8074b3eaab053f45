#!/usr/bin/env bash
# The all-in-one footprint benchmark (see docs/benchmarks.md): `capstan all-in-one` from process start to its node
# Ready, then N pods (`sleep 3600`, images present) Running, then the JVM's idle RSS and CPU over a quiet period,
# beside containerd's and the shims' RSS. Compare: k3s' published profile (server with a workload 1.4-1.6 GB,
# agent 275 MB), k0s' controller (510 MB with one worker).
#   usage: scripts/bench-footprint.sh [PODS=30] [IDLE_SECONDS=60]
#   JVM flags: CAPSTAN_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC" scripts/bench-footprint.sh
#   another jar, run where it is (e.g. Spring Boot's extracted layout, whose CDS archive names its path):
#   CAPSTAN_JAR=/tmp/x/capstan.jar scripts/bench-footprint.sh
# Needs root, scripts/install-deps.sh, the jar built (mvn -q install -DskipTests) and no other node agent on this
# machine (port 10250, DNS on :53, bridge capstan0). Leaves nothing behind: the node is cleaned up at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
pods=${1:-30}
idle=${2:-60}
jar=${CAPSTAN_JAR:-platform-server/target/capstan.jar}
[ -f "$jar" ] || mvn -B -q -DskipTests install
dir=$(mktemp -d /tmp/capstan-footprint.XXXXXX)
run_jar="$dir/capstan.jar"
if [ -n "${CAPSTAN_JAR:-}" ]; then
  run_jar=$CAPSTAN_JAR
else
  cp "$jar" "$dir/capstan.jar" # a rebuild during the run must not change the jar under the running JVM
fi
export KUBECONFIG=$dir/data/admin.kubeconfig
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
cpu_s() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat"; }
now() { date +%s.%N; }

cleanup() {
  if [ -n "${pid:-}" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"; wait "$pid" || true
  fi
  java -jar "$run_jar" node-cleanup --root-dir "$dir/data/agent" >"$dir/cleanup.log" 2>&1 || true
}
trap cleanup EXIT

export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} # as bin/capstan sets it
start=$(now)
# shellcheck disable=SC2086 # the JVM flags are words
java ${CAPSTAN_JAVA_OPTS:-} -XX:+PrintCommandLineFlags -jar "$run_jar" all-in-one --data-dir "$dir/data" \
  --port "$port" >"$dir/capstan.log" 2>&1 &
pid=$!
until [ -f "$KUBECONFIG" ] && [ "$(kubectl get nodes -o jsonpath='{.items[*].status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = "True" ]; do
  kill -0 "$pid" 2>/dev/null || { echo "capstan exited; log: $dir/capstan.log" >&2; tail -20 "$dir/capstan.log" >&2; exit 1; }
  sleep 0.2
done
ready=$(now)
rss_ready=$(rss_mib "$pid")

kubectl create namespace bench >/dev/null
kubectl -n bench create deployment idle --image=capstan.local/busybox:latest --replicas="$pods" -- sleep 3600 >/dev/null
kubectl -n bench rollout status deployment/idle --timeout=600s >/dev/null
running=$(now)

sleep 10 # let start-up work (status writes, events) finish before measuring idle
cpu0=$(cpu_s "$pid"); t0=$(now); max=0; sum=0; n=0
for _ in $(seq 1 $((idle / 5))); do
  r=$(rss_mib "$pid"); sum=$((sum + r)); n=$((n + 1)); [ "$r" -gt "$max" ] && max=$r
  sleep 5
done
cpu1=$(cpu_s "$pid"); t1=$(now)
runtime_rss=0
for p in $(pgrep -f "$dir/data/agent" || true); do
  [ "$p" = "$pid" ] && continue
  r=$(rss_mib "$p" 2>/dev/null || echo 0); runtime_rss=$((runtime_rss + r))
done

echo "jvm flags: $(head -1 "$dir/capstan.log")"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }
echo "start to node Ready: $(calc "$ready - $start") s (RSS at Ready $rss_ready MiB)"
echo "$pods pods Running after: $(calc "$running - $ready") s"
echo "idle with $pods pods over $idle s: JVM RSS mean $((sum / n)) MiB, max $max MiB;" \
  "JVM CPU $(calc "($cpu1 - $cpu0) * 100 / ($t1 - $t0)") % of one core"
echo "containerd + shims RSS: $runtime_rss MiB"
echo "log: $dir/capstan.log"
