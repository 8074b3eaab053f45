#!/usr/bin/env bash
# Installs on a fresh Debian 12 what Capstan's build and tests need. Idempotent: run it as often as you like;
# it installs only what is missing. Needs root (or sudo) for apt-get.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
need() { # need <command> <debian-package>
  if ! command -v "$1" >/dev/null 2>&1; then missing+=("$2"); fi
}

need java   openjdk-17-jdk-headless
need javac  openjdk-17-jdk-headless
need mvn    maven
need etcd   etcd-server      # the real etcd the platform-store tests start (3.4 in Debian 12)
need etcdctl etcd-client
need kubectl kubernetes-client # the real kubectl the API tests drive
need diff   diffutils        # kubectl diff runs it
# the node agent's real parts: containerd 1.6 + runc run the pods, the CNI plugins (in /usr/lib/cni) network them,
# iptables carries the service proxy's rules, busybox-static is the root of the node images (busybox, pause),
# docker-registry is the real registry the image pull test pushes to and pulls from, ip comes from iproute2
need containerd containerd
need runc       runc
[ -x /usr/lib/cni/bridge ] || missing+=("containernetworking-plugins")
need iptables   iptables
need ip         iproute2
[ -x /bin/busybox ] && /bin/busybox --list >/dev/null 2>&1 && ldd /bin/busybox 2>&1 | grep -q "not a dynamic" || missing+=("busybox-static")
need docker-registry docker-registry
need prometheus prometheus   # the real Prometheus (and promtool) PrometheusIT scrapes the components with

if [ ${#missing[@]} -gt 0 ]; then
  # sort -u: javac and java name the same package
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  echo "install-deps: installing ${pkgs}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends ${pkgs} >/dev/null
fi

# Debian's prometheus package enables a system Prometheus on :9090 (and starts it where systemd runs); the
# tests start their own on free ports, and a stray one would only take memory and the port, so it is stopped
# and disabled. Idempotent: on a machine without systemd (containers, CI images) there is nothing to stop.
if command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable prometheus.service >/dev/null 2>&1 || true   # works without a running systemd too
  $SUDO systemctl stop prometheus.service >/dev/null 2>&1 || true
fi

# Debian's etcd-server package enables a system etcd on :2379 where systemd runs; the tests never use it
# (they start their own on free ports), so it is left alone.
java -version 2>&1 | head -n 1 || true
mvn -v 2>/dev/null | head -n 1 || true
etcd --version 2>/dev/null | head -n 1 || true
kubectl version --client 2>/dev/null | head -n 1 || true
containerd --version 2>/dev/null | head -n 1 || true
prometheus --version 2>/dev/null | head -n 1 || true
echo "install-deps: ok"
