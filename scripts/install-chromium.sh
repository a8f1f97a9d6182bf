#!/usr/bin/env bash
# Installs Debian's Chromium for the explorer's browser tests (issue 15): playwright-core drives
# /usr/bin/chromium, since `npx playwright install` cannot download browsers here. Does nothing
# when it is already there; needs root (CI runs as root) or sudo for apt-get.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present) at /usr/bin/chromium"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  APT=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  APT=(sudo apt-get)
else
  echo "warning: /usr/bin/chromium is missing and apt-get needs root: the explorer's browser tests will be skipped" >&2
  echo "         (install it with: apt-get update && apt-get install -y chromium)" >&2
  exit 0
fi
echo "installing chromium from Debian (once) for the explorer's browser tests"
LOG="$(mktemp)"
if ! { DEBIAN_FRONTEND=noninteractive "${APT[@]}" update && DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y chromium; } >"$LOG" 2>&1; then
  echo "error: could not install chromium with apt-get:" >&2
  tail -20 "$LOG" >&2
  rm -f "$LOG"
  exit 1
fi
rm -f "$LOG"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
