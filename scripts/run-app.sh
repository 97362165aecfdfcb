#!/usr/bin/env bash
# Fresh machine → the posecheck desktop app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
source .venv/posecheck-env
exec .venv/bin/posecheck "$@"
