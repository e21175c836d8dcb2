# kube-ci on Temporal: one image for the API and the worker (the chart picks the entry point).
#   docker build -t kube-ci .
#   docker run kube-ci dist/api/main.js            (the default)    docker run kube-ci dist/worker/main.js
#   docker run kube-ci dist/worker/main.js --check (validate the configuration, start the Starlark engine, exit)
# Runs as a non-root user with a read-only root filesystem: it writes nowhere but /tmp (mount an emptyDir there).
# The runtime tree is made by scripts/build-image-contents.sh, which the tests run too (test/build/).

# Node's newest LTS line (.nvmrc has the exact version CI runs); Go as starlark-wasm/go.mod asks.
ARG NODE_VERSION=26
ARG GO_VERSION=1.26

# 1. The Starlark engine: Go → WebAssembly, with the same script `npm ci` runs (scripts/setup.mjs).
FROM golang:${GO_VERSION} AS wasm
WORKDIR /src/starlark-wasm
COPY starlark-wasm/go.mod starlark-wasm/go.sum ./
RUN go mod download
COPY starlark-wasm/ ./
RUN bash build.sh

# 2. The TypeScript build and the production dependencies: OUT/app.
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/setup.mjs scripts/
# npm ci's `prepare` is scripts/setup.mjs; KUBECI_SKIP_SETUP: no Temporal CLI (tests only) and no Go here, the wasm
# comes from stage 1.
RUN KUBECI_SKIP_SETUP=1 npm ci --no-audit --no-fund
COPY . .
COPY --from=wasm /src/starlark-wasm/build/ starlark-wasm/build/
RUN bash scripts/build-image-contents.sh /out

# 3. The runtime: plain node on the compiled code, the workflow bundle prebuilt (no webpack at start).
FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /app
COPY --from=build /out/app /app
# The node image's unprivileged user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node"]
CMD ["dist/api/main.js"]
