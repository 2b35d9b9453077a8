#!/usr/bin/env bash
# The other browser engines learners use, for tests/test_engines.py: Debian's Firefox ESR
# (driven over WebDriver BiDi by npm puppeteer-core, pinned in tools/engines) and WebKitGTK
# (webkit2gtk-driver, driven by selenium from requirements-test.txt, under xvfb-run).
# Installs what is missing when this machine can (root and apt-get; npm ci), otherwise stops
# at once with the command to run. Never skipped. Shared by `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
FIREFOX="${FIREFOX:-/usr/bin/firefox-esr}"
WEBKIT_DRIVER="${WEBKIT_DRIVER:-/usr/bin/WebKitWebDriver}"

missing=()
[[ -x "$FIREFOX" ]] || missing+=(firefox-esr)
[[ -x "$WEBKIT_DRIVER" ]] || missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if (( ${#missing[@]} )); then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's ${missing[*]} for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  still=()
  [[ -x "$FIREFOX" ]] || still+=(firefox-esr)
  [[ -x "$WEBKIT_DRIVER" ]] || still+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null 2>&1 || still+=(xvfb)
  command -v npm >/dev/null 2>&1 || still+=(npm)
  if (( ${#still[@]} )); then
    echo "The browser tests need Debian's ${still[*]}: run  sudo apt-get install ${still[*]}  (then make test)" >&2
    exit 1
  fi
fi
# puppeteer-core at the version tools/engines/package-lock.json pins (no browser download:
# it drives Debian's Firefox)
lock=tools/engines/package-lock.json
stamp=tools/engines/node_modules/.package-lock.json
if [[ ! -f "$stamp" || "$lock" -nt "$stamp" ]]; then
  if ! (cd tools/engines && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --silent --no-audit --no-fund); then
    echo "npm ci in tools/engines failed: run  (cd tools/engines && npm ci)  (then make test)" >&2
    exit 1
  fi
fi
