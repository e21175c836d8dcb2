#!/usr/bin/env bash
# Builds the Starlark engine for WebAssembly:
#   starlark-wasm/build/starlark.wasm  (go.starlark.net + engine, GOOS=js GOARCH=wasm)
#   starlark-wasm/build/wasm_exec.js   (the JS glue of the same Go toolchain; must match it)
# go.starlark.net is built from a copy of the pinned module with the files of _patches/ added (see
# _patches/go.starlark.net/starlark/int_wasm.go for why), through a go.mod copy that replaces it; the
# module cache and go.mod stay untouched, and the native build (cmd/native-bench) uses the module as is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/build"
cd "$here"
export GOFLAGS="${GOFLAGS:--mod=mod}"
# Write to temporary names and rename, so concurrent builds (parallel test files) never expose half a file.
tmp="build/.tmp.$$"
trap 'rm -rf "$tmp.src" "$tmp.wasm" "$tmp.js"' EXIT
module="$(go list -m -f '{{.Dir}}' go.starlark.net)"
mkdir -p "$tmp.src"
cp -R "$module" "$tmp.src/go.starlark.net"
chmod -R u+w "$tmp.src/go.starlark.net"
# int_generic.go is the fallback for every platform without int_posix64.go; on wasm int_wasm.go replaces it.
sed -i.orig '1s/^\/\/go:build \(.*\)$/\/\/go:build (\1) \&\& !wasm/' "$tmp.src/go.starlark.net/starlark/int_generic.go"
grep -q '&& !wasm$' "$tmp.src/go.starlark.net/starlark/int_generic.go" || { echo "build.sh: int_generic.go has no build line to patch" >&2; exit 1; }
cp -R _patches/go.starlark.net/. "$tmp.src/go.starlark.net/"
cp go.mod "$tmp.src/wasm.mod"
cp go.sum "$tmp.src/wasm.sum"
echo "replace go.starlark.net => $here/$tmp.src/go.starlark.net" >>"$tmp.src/wasm.mod"
GOOS=js GOARCH=wasm go build -modfile="$tmp.src/wasm.mod" -trimpath -ldflags='-s -w' -o "$tmp.wasm" ./cmd/engine
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$tmp.js"
mv "$tmp.js" build/wasm_exec.js
mv "$tmp.wasm" build/starlark.wasm
echo "built $here/build/starlark.wasm ($(du -h build/starlark.wasm | cut -f1))"
