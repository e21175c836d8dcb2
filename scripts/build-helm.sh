#!/usr/bin/env bash
# Builds the Helm CLI (for the chart tests: `helm lint`, `helm template`) from the Go module proxy, pinned,
# into a cache OUTSIDE the clone: ${XDG_CACHE_HOME:-$HOME/.cache}/kube-ci/helm-<v>/helm — like
# scripts/build-kube.sh, since `.ci/run` starts from a fresh clone and the build takes minutes (measured:
# see README "Tests"). The version is in the path, so a bump builds anew. Skips the build when the binary is
# there. Prints the folder on stdout's last line (`--print-dir`: only print it, build nothing).
#
# `go install helm.sh/helm/v3/cmd/helm@<v>` works as is (helm's go.mod has no replace directives); the
# ldflags are the ones helm's own Makefile sets, so `helm version` and the Kubernetes version that
# `helm template`/`helm lint` assume (the client-go minor helm links, as `.Capabilities.KubeVersion`) match a
# release build.
set -euo pipefail
HELM_VERSION="3.22.0"
out="${KUBECI_HELM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-ci/helm-$HELM_VERSION}"
if [ "${1:-}" = "--print-dir" ]; then
  echo "$out"
  exit 0
fi
log() { echo "build-helm: $*" >&2; }

if [ ! -x "$out/helm" ]; then
  log "building helm v$HELM_VERSION into $out"
  start=$SECONDS
  mkdir -p "$out/bin.tmp"
  work="$(mktemp -d)"
  trap 'rm -rf "$work" "$out/bin.tmp"' EXIT
  gomod="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "helm.sh/helm/v3@v$HELM_VERSION" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  client_go="$(sed -n 's/^[[:space:]]*k8s.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$gomod")"
  pkg="helm.sh/helm/v3"
  ldflags="-w -s -X $pkg/internal/version.version=v$HELM_VERSION -X $pkg/internal/version.gitTreeState=clean"
  ldflags+=" -X $pkg/pkg/lint/rules.k8sVersionMajor=1 -X $pkg/pkg/lint/rules.k8sVersionMinor=$client_go"
  ldflags+=" -X $pkg/pkg/chartutil.k8sVersionMajor=1 -X $pkg/pkg/chartutil.k8sVersionMinor=$client_go"
  (cd "$work" && CGO_ENABLED=0 GOBIN="$out/bin.tmp" go install -trimpath -ldflags "$ldflags" \
    "$pkg/cmd/helm@v$HELM_VERSION")
  mv "$out/bin.tmp/helm" "$out/helm"
  log "helm built in $((SECONDS - start)) s"
fi
echo "$out"
