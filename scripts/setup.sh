#!/usr/bin/env bash
# Sets up a fresh machine for posecheck: system packages (when we may install them) and a venv.
# Used by run-app.sh and test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  ffmpeg                       # encodes and probes test videos
  strace util-linux            # the no-network test: strace in an empty network namespace (unshare)
  xvfb xauth                   # a virtual screen for the real-window tests
  # Qt 6.5+ xcb platform plugin needs these on a bare Debian (see research/desktop-qt.md)
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
  libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libglib2.0-0 libdbus-1-3
  libfontconfig1
)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO=""; fi
  if [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "posecheck setup: please install: ${missing[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -d .venv ] || "$PY" -m venv .venv
.venv/bin/pip install -q --upgrade pip >/dev/null
# The desktop app (Qt) and what the tests need; `pip install posecheck` alone is the command line.
.venv/bin/pip install -q -e ".[app,test]"

# Offline machines take the pinned models from a local folder (the CI machine has ../shared/models);
# online ones download them on first use into the user cache.
if [ -z "${POSECHECK_MODEL_DIR:-}" ] && [ -d ../shared/models ]; then
  echo "export POSECHECK_MODEL_DIR=$(cd ../shared/models && pwd)" > .venv/posecheck-env
else
  : > .venv/posecheck-env
fi
