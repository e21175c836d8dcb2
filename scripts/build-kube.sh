#!/usr/bin/env bash
# Builds a real kube-apiserver and etcd (for the e2e suite's real-Kubernetes tier) from the Go module proxy,
# pinned, into a cache OUTSIDE the clone: ${XDG_CACHE_HOME:-$HOME/.cache}/kube-ci/kube-<v>-etcd-<v>/.
# Outside the clone because `.ci/run` starts from a fresh clone each time and the build takes minutes
# (measured: see README "Tests"); the pinned versions are in the path, so a version bump builds anew and
# never reuses a stale binary. Skips the build when both binaries are there. Prints the folder on stdout's
# last line
# (`--print-dir`: only print it, build nothing). Go module downloads go to the normal Go module cache.
#
# kube-apiserver: a tiny module requiring k8s.io/kubernetes, with each of its staging modules (the
# `=> ./staging/src/...` replaces of its go.mod) replaced by the published module at the matching v0.x tag;
# its main runs app.NewAPIServerCommand(). etcd: a main calling etcdmain.Main(os.Args).
set -euo pipefail
KUBE_VERSION="1.37.2"
ETCD_VERSION="3.7.3"
staging_version="v0.${KUBE_VERSION#1.}"
out="${KUBECI_KUBE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-ci/kube-$KUBE_VERSION-etcd-$ETCD_VERSION}"
if [ "${1:-}" = "--print-dir" ]; then
  echo "$out"
  exit 0
fi
mkdir -p "$out"
log() { echo "build-kube: $*" >&2; }

build_apiserver() {
  local src="$out/src/kube-apiserver"
  rm -rf "$src" && mkdir -p "$src"
  local kmod
  kmod="$(cd "$src" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  {
    echo "module kubeci.local/kube-apiserver"
    echo
    grep -E '^go ' "$kmod"
    echo
    echo "require k8s.io/kubernetes v$KUBE_VERSION"
    echo
    grep -E '=> \./staging/src/' "$kmod" |
      sed -E "s#^[[:space:]]*([^ ]+) => .*#replace \\1 => \\1 $staging_version#"
  } >"$src/go.mod"
  cat >"$src/main.go" <<'GO'
// Command kube-apiserver runs the upstream Kubernetes API server (k8s.io/kubernetes/cmd/kube-apiserver).
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
GO
  (cd "$src" && go mod tidy && go build -trimpath -ldflags=-s -o "$out/kube-apiserver.tmp" . &&
    mv "$out/kube-apiserver.tmp" "$out/kube-apiserver")
}

build_etcd() {
  local src="$out/src/etcd"
  rm -rf "$src" && mkdir -p "$src"
  cat >"$src/go.mod" <<GOMOD
module kubeci.local/etcd

go 1.26

require go.etcd.io/etcd/server/v3 v$ETCD_VERSION
GOMOD
  cat >"$src/main.go" <<'GO'
// Command etcd runs the upstream etcd server (go.etcd.io/etcd/server/v3/etcdmain).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
GO
  (cd "$src" && go mod tidy && go build -trimpath -ldflags=-s -o "$out/etcd.tmp" . && mv "$out/etcd.tmp" "$out/etcd")
}

if [ ! -x "$out/etcd" ]; then
  log "building etcd v$ETCD_VERSION into $out"
  start=$SECONDS
  build_etcd
  log "etcd built in $((SECONDS - start)) s"
fi
if [ ! -x "$out/kube-apiserver" ]; then
  log "building kube-apiserver v$KUBE_VERSION into $out"
  start=$SECONDS
  build_apiserver
  log "kube-apiserver built in $((SECONDS - start)) s"
fi
echo "$out"
