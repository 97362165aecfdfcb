#!/usr/bin/env bash
# Fresh machine → passing test suite: installs what the tests need, then runs pytest on a virtual screen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
source .venv/posecheck-env
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python -m pytest -p no:cacheprovider "$@"
