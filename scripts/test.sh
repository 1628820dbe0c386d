#!/usr/bin/env bash
# Set up and run the whole test suite: lint, format, types, pytest on SQLite, then the database-sensitive web
# tests again on the real PostgreSQL server at 127.0.0.1:5432 (CONTRIBUTING.md, "Tests").
# Each phase prints its wall time; arguments go to the SQLite pass (e.g. `./scripts/test.sh -x`).
# MINGJING_TEST_POSTGRES names another database for the PostgreSQL pass (pytest-django adds test_…).
set -euo pipefail
cd "$(dirname "$0")/.."

now() { date +%s.%N; }
took() { awk -v name="$1" -v start="$2" -v end="$(now)" 'BEGIN { printf "[test.sh] %s: %.1f s\n", name, end - start }'; }
START=$(now)

# services.sh only checks (and, on a new machine, installs) system packages and servers: it runs while pip
# installs the Python ones.
t=$(now)
./scripts/services.sh &
services_pid=$!
./scripts/setup.sh
took setup "$t"
wait "$services_pid"
took "setup + services" "$t"

t=$(now)
.venv/bin/ruff check .
.venv/bin/ruff format --check .
took ruff "$t"

# Every process that collects the suite reads pytest's rewritten test modules from this cache instead of
# rewriting all of them itself (tests/support/rewrite_cache.py).
.venv/bin/python -m tests.support.rewrite_cache

# mypy (~15 s from a fresh clone) and the import contracts need no test to run first: they run beside the
# SQLite pass and are reported after it, so their time overlaps the tests' waits (servers, the browser).
static_log=$(mktemp)
(
  t=$(now)
  # CI starts from a fresh clone: writing mypy's cache costs a quarter of a cold run and nothing reads it.
  mypy_cache=()
  if [ "${CI:-}" = true ]; then mypy_cache=(--cache-dir=/dev/null); fi
  .venv/bin/mypy "${mypy_cache[@]}" && .venv/bin/lint-imports
  status=$?
  took "mypy + lint-imports (beside pytest)" "$t"
  exit "$status"
) >"$static_log" 2>&1 &
static_pid=$!

# The database-sensitive web tests run again on PostgreSQL beside the SQLite pass (web tests marked
# db_independent in tests/web/conftest.py cannot differ there): both passes spend much of their time waiting
# on browsers, servers and child processes, so on 2 cores running them side by side fills the idle time.
# One process, not two xdist workers: the machine is busy for the whole run, so a second worker only adds
# its own collection and test database (~10 CPU-s), and one process still ends well before the SQLite pass.
pg_log=$(mktemp)
(
  t=$(now)
  status=0
  DATABASE_URL=${MINGJING_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/mingjing_test} \
    .venv/bin/python -m pytest tests/web -q -p no:cacheprovider -m "not db_independent" || status=$?
  took "pytest on PostgreSQL (beside the SQLite pass)" "$t"
  exit "$status"
) >"$pg_log" 2>&1 &
pg_pid=$!

# A full run also checks that every rule has a positive and a negative test case (tests/conftest.py).
t=$(now)
status=0
MINGJING_RULE_COVERAGE=1 .venv/bin/python -m pytest -n 2 "$@" || status=$?
took "pytest on SQLite" "$t"

static_status=0
wait "$static_pid" || static_status=$?
cat "$static_log"
rm -f "$static_log"

pg_status=0
wait "$pg_pid" || pg_status=$?
echo "[test.sh] PostgreSQL pass:"
cat "$pg_log"
rm -f "$pg_log"
took total "$START"

if [ "$pg_status" != 0 ]; then
  echo "[test.sh] the PostgreSQL pass failed (output above)" >&2
fi
if [ "$static_status" != 0 ]; then
  echo "[test.sh] mypy or lint-imports failed (output above)" >&2
fi
[ "$status" = 0 ] && [ "$static_status" = 0 ] && [ "$pg_status" = 0 ]
