#!/usr/bin/env bash
# The container image's runtime tree, the one build step the Dockerfile runs, and which the tests run too (no
# Docker engine is needed): OUT/app holds package.json, the production node_modules and dist/ (npm run build's
# output: compiled code, the Starlark wasm, the prebuilt workflow bundle). Run from a checkout whose dev
# dependencies are installed and whose Starlark wasm is built (the Dockerfile's wasm stage builds it with Go).
#
#   bash scripts/build-image-contents.sh OUT      then: node OUT/app/dist/api/main.js | worker/main.js
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: build-image-contents.sh OUT_DIR}"
app="$(mkdir -p "$out" && cd "$out" && pwd)/app"
rm -rf "$app"
mkdir -p "$app"
cd "$root"
npx tsx scripts/build.ts --out-dir "$app/dist"
cp package.json package-lock.json "$app/"
# Production dependencies only. No install scripts: the two that exist (protobufjs' version notice,
# @swc/core's binary check) serve bundling, which the prebuilt workflow bundle makes unnecessary at run time.
(cd "$app" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline)
echo "kube-ci image contents: $app ($(du -sh "$app" | cut -f1))"
