#!/usr/bin/env bash
# Set up and run the main job on the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/mingjing samples "$@"
