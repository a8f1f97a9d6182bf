#!/usr/bin/env bash
# Installs the pinned CometBFT (issue 11): builds it with `CGO_ENABLED=0 go install` from the Go
# module proxy into a cache outside the clone (~/.cache/phalanx/cometbft/<version>, kept between
# clones and CI runs), and links it as .cometbft/bin/cometbft in the project (git-ignored).
# Skips the build when the cached binary already reports the pinned version.
# The version is pinned in one place: "config.cometbftVersion" in package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="$(node -p "require('./package.json').config.cometbftVersion")"
CACHE="${PHALANX_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/phalanx}/cometbft/${VERSION}"
BIN="${CACHE}/cometbft"
LINK_DIR=".cometbft/bin"

reports_version() {
  # `cometbft version` prints e.g. "0.38.26" (no leading v).
  [ -x "$1" ] && [ "$("$1" version 2>/dev/null)" = "${VERSION#v}" ]
}

if reports_version "$BIN"; then
  echo "cometbft ${VERSION}: cached at ${BIN}"
else
  if ! command -v go >/dev/null 2>&1; then
    echo "error: Go is needed to build CometBFT ${VERSION} (https://go.dev/dl, Go 1.22 or newer), or put a" >&2
    echo "       cometbft ${VERSION} binary at ${BIN}" >&2
    exit 1
  fi
  echo "building cometbft ${VERSION} with $(go version | cut -d' ' -f3) (a few minutes, once; cached in ${CACHE})"
  mkdir -p "$CACHE"
  LOG="$(mktemp)"
  if ! CGO_ENABLED=0 GOBIN="$CACHE" GOFLAGS=-mod=mod go install "github.com/cometbft/cometbft/cmd/cometbft@${VERSION}" >"$LOG" 2>&1; then
    echo "error: could not build cometbft ${VERSION} from the Go module proxy ($(go env GOPROXY)):" >&2
    cat "$LOG" >&2
    rm -f "$LOG"
    exit 1
  fi
  rm -f "$LOG"
  if ! reports_version "$BIN"; then
    echo "error: the built ${BIN} does not report version ${VERSION#v} (it says: $("$BIN" version 2>&1 || true))" >&2
    exit 1
  fi
  echo "cometbft ${VERSION}: built at ${BIN}"
fi

mkdir -p "$LINK_DIR"
ln -sf "$BIN" "${LINK_DIR}/cometbft"
echo "linked ${LINK_DIR}/cometbft"
