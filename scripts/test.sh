#!/usr/bin/env bash
# Set up and run the whole test suite: lint, format, types, pytest on SQLite, then the database-backed tests
# again on the real PostgreSQL server at 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/services.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports
# A full run also checks that every rule has a positive and a negative test case (tests/conftest.py).
MINGJING_RULE_COVERAGE=1 .venv/bin/python -m pytest -n 2 "$@"
DATABASE_URL=postgres://postgres@127.0.0.1:5432/mingjing_test \
  .venv/bin/python -m pytest -n 2 tests/web -q
