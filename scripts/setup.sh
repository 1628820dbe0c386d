#!/usr/bin/env bash
# Create .venv and install mingjing with its development tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[web,dev]"
# The proofreader reads the character tables shipped in this wheel; its own dependencies (transformers …)
# are not needed, since mingjing never imports it.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps pycorrector==1.1.4
