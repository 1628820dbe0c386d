#!/usr/bin/env bash
# Create .venv and install mingjing with its development tools. Safe to run again: when nothing that decides
# the installation changed since the last successful run (pyproject.toml, this script, the Python version),
# it only checks that .venv still imports this checkout's packages and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

# The interpreter: $PYTHON when set; otherwise the distribution's python3.11, then python3.11 on PATH, then
# python3 (any of them 3.11 or newer). The distribution's comes first for speed: Debian's is built with
# profile-guided and link-time optimisation and linked statically, pyenv's default build (this machine's
# python3.11 on PATH) is neither. Measured 2026-12-03 on the same checkout, one after the other on an idle
# 2-core machine: the SQLite pass of the suite 335 -> 288 CPU-s (Debian 12's 3.11.2 against pyenv's 3.11.7),
# and every command, server and worker gains alike.
pick_python() {
  local candidate
  for candidate in ${PYTHON:+"$PYTHON"} /usr/bin/python3.11 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
    if [ -n "${PYTHON:-}" ]; then
      echo "setup: PYTHON=$PYTHON is not a Python 3.11 or newer with the venv module" >&2
      exit 1
    fi
  done
  echo "setup: no Python 3.11 or newer found (set PYTHON to one)" >&2
  exit 1
}
PY=$(pick_python)
base() { "$1" -c 'import os, sys; print(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))'; }
# A .venv made from another interpreter (an older checkout's choice, or another PYTHON) is made again.
if [ -x .venv/bin/python ] && [ "$(base .venv/bin/python 2>/dev/null)" != "$(base "$PY")" ]; then
  echo "setup: .venv was made with another Python; making it again with $(base "$PY")"
  rm -rf .venv
fi
STAMP=.venv/.mingjing-setup
wanted=$( (cat pyproject.toml scripts/setup.sh && "$PY" --version) | sha256sum | cut -d' ' -f1)

# This checkout's own modules are installed in editable mode, so installing compiles none of them. Where
# PYTHONDONTWRITEBYTECODE is set (as on this machine and its CI), every process would compile them again:
# each command, server and worker the tests start paid ~0.8 s of CPU for it (measured 2026-12-03:
# `mingjing meeting list` 2.0 -> 1.0 CPU-s). compileall writes the caches regardless and skips what is up to
# date; Python ignores a cache whose source has changed since, so an edit never runs stale code. Test
# modules and conftest files are left out: pytest reads its own rewritten cache of them
# (tests/support/rewrite_cache.py), never this bytecode; the helpers under tests/ are plain imports.
compile_sources() {
  .venv/bin/python -m compileall -q -j 0 -x '/tests/(.*/)?(test_[^/]*|conftest)\.py$' src tests bench >/dev/null
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ] \
  && .venv/bin/python -c "import mingjing, mingjing_web, sys; sys.exit(not mingjing.__file__.startswith('$PWD/src/'))" \
    2>/dev/null; then
  compile_sources
  echo "setup: .venv is up to date"
  exit 0
fi
rm -f "$STAMP"
# Editable installs from pyproject.toml. The venv is made without pip: ensurepip took ~7 s of a fresh clone's
# setup, and uv is installed into the venv by the interpreter's own pip (`pip --python`, pip >= 22.3).
[ -x .venv/bin/python ] || "$PY" -m venv --without-pip .venv
# uv resolves and installs the same packages from the same registry several times faster than pip; it is
# itself a wheel from that registry. Where it cannot be had, the venv gets its pip and pip does the same work.
# (Where the chosen interpreter has no pip, as a distribution's may not, python3's pip does the same.)
install_uv() {
  local with
  for with in "$PY" python3; do
    "$with" -m pip --python .venv/bin/python install --quiet --disable-pip-version-check uv 2>/dev/null && return
  done
  return 1
}
if install_uv && [ -x .venv/bin/uv ]; then
  # pip's find-links (this machine's wheel folder, when there is one) are handed on, since uv reads no pip.conf.
  UV=(.venv/bin/uv pip install --quiet --python .venv/bin/python)
  for links in $(printf '%s\n' ${PIP_FIND_LINKS:-} /opt/wheels | sort -u); do
    if [ -d "$links" ]; then UV+=(--find-links "$links"); fi
  done
  "${UV[@]}" -e ".[web,dev]"
  # The proofreader reads the character tables shipped in this wheel; its own dependencies (transformers …)
  # are not needed, since mingjing never imports it.
  "${UV[@]}" --no-deps pycorrector==1.1.4
  # Bytecode is compiled on purpose: where PYTHONDONTWRITEBYTECODE is set (as on this machine and its CI),
  # every test process, server and command would otherwise compile Django and numpy from source again. Not
  # at install (uv --compile-bytecode) but here, skipping what no test, server or command imports: the
  # packages' own test folders, scipy and datasketch (bench/ only), jieba (only its dictionary file is read),
  # pycorrector (likewise), mypy and mypyc (run as compiled extensions), fontTools (matplotlib's, for PDF
  # output), pre-commit, virtualenv, prompt_toolkit and wcwidth (tools). Measured 2026-12-03 on an idle
  # 2-core machine: all of site-packages 36 CPU-s and 19 s of the setup; this half of it 19 CPU-s, 10 s.
  # rich is compiled: the command line and mingjing.facade import it, so every command, server worker
  # and test process would compile it again (0.13 CPU-s each, measured: `import mingjing.cli` 0.47 ->
  # 0.34 CPU-s). Checked by listing, after a check and a server's start, the imported modules whose
  # bytecode cache is missing: none.
  never_imported='/site-packages/(scipy|datasketch|jieba|pycorrector|mypy|mypyc|fontTools|pre_commit'
  never_imported+='|virtualenv|prompt_toolkit|wcwidth)/|/tests/'
  .venv/bin/python -m compileall -q -j 0 -x "$never_imported" .venv/lib/python*/site-packages >/dev/null
else
  [ -x .venv/bin/pip ] || .venv/bin/python -m ensurepip --default-pip >/dev/null
  PIP=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
  "${PIP[@]}" -e ".[web,dev]"
  "${PIP[@]}" --no-deps pycorrector==1.1.4
fi
echo "$wanted" >"$STAMP"
compile_sources
