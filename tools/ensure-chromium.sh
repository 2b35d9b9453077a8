#!/usr/bin/env bash
# Debian's Chromium for the browser tests, installed when missing and this machine can
# (root and apt-get); otherwise stop at once with the one command to run. Shared by
# `make test` and .ci/run. CHROMIUM overrides the path (as in tools/chromium.py).
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ -x "$CHROMIUM" ]]; then
  exit 0
fi
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  [[ -x "$CHROMIUM" ]] && exit 0
fi
echo "The browser tests need Debian's Chromium at $CHROMIUM: run  sudo apt-get install chromium  (then make test)" >&2
exit 1
