#!/usr/bin/env bash
# Prints the bin folder of the Node.js the image and CI run on: the version in .nvmrc (the newest LTS line),
# taken from the npm registry's node-linux-<arch> package (the registry is the one outside source reachable
# here) and kept in ${XDG_CACHE_HOME:-~/.cache}/kube-ci/node-<version>/bin, outside the clone, so a fresh
# clone reuses it. Progress goes to stderr; stdout is only the folder, for PATH="$(bash scripts/lts-node.sh):$PATH".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(tr -d ' \n' < "$root/.nvmrc")"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "lts-node: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
dest="${XDG_CACHE_HOME:-$HOME/.cache}/kube-ci/node-$version"
if [ ! -x "$dest/bin/node" ]; then
  echo "lts-node: fetching Node $version (npm package node-linux-$arch) into $dest …" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$version" > /dev/null)
  tar -xzf "$tmp"/node-linux-"$arch"-"$version".tgz -C "$tmp" package/bin/node
  "$tmp/package/bin/node" --version > /dev/null # a binary that does not run here is not cached
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest.partial" && mkdir -p "$dest.partial/bin" && mv "$tmp/package/bin/node" "$dest.partial/bin/node"
  rm -rf "$dest" && mv "$dest.partial" "$dest"
fi
echo "$dest/bin"
