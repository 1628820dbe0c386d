#!/usr/bin/env bash
# Create .venv and install mingjing with its development tools. Safe to run again: when nothing that decides
# the installation changed since the last successful run (pyproject.toml, this script, the Python version),
# it only checks that .venv still imports this checkout's packages and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
STAMP=.venv/.mingjing-setup
wanted=$( (cat pyproject.toml scripts/setup.sh && "$PY" --version) | sha256sum | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ] \
  && .venv/bin/python -c "import mingjing, mingjing_web, sys; sys.exit(not mingjing.__file__.startswith('$PWD/src/'))" \
    2>/dev/null; then
  echo "setup: .venv is up to date"
  exit 0
fi
rm -f "$STAMP"
# Python's own pip installs everything this project needs (editable installs from pyproject.toml), so it is
# not upgraded first. Bytecode is compiled at install time on purpose: where PYTHONDONTWRITEBYTECODE is set
# (as on this machine), --no-compile would leave every test process, and every child process the tests
# start, compiling Django and numpy from source again.
[ -x .venv/bin/python ] || "$PY" -m venv .venv
PIP=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
"${PIP[@]}" -e ".[web,dev]"
# The proofreader reads the character tables shipped in this wheel; its own dependencies (transformers …)
# are not needed, since mingjing never imports it.
"${PIP[@]}" --no-deps pycorrector==1.1.4
echo "$wanted" >"$STAMP"
