#!/usr/bin/env bash
# Builds the Starlark engine for WebAssembly:
#   starlark-wasm/build/starlark.wasm  (go.starlark.net + engine, GOOS=js GOARCH=wasm)
#   starlark-wasm/build/wasm_exec.js   (the JS glue of the same Go toolchain; must match it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/build"
cd "$here"
export GOFLAGS="${GOFLAGS:--mod=mod}"
# Write to temporary names and rename, so concurrent builds (parallel test files) never expose half a file.
tmp="build/.tmp.$$"
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$tmp.wasm" ./cmd/engine
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$tmp.js"
mv "$tmp.js" build/wasm_exec.js
mv "$tmp.wasm" build/starlark.wasm
echo "built $here/build/starlark.wasm ($(du -h build/starlark.wasm | cut -f1))"
