"""Shared fixtures. The seed reports are read from ../shared/seeds (beside the clone), never copied in."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = Path(os.environ.get("MINGJING_SEEDS", ROOT.parent / "shared" / "seeds"))
TEST_DATA = ROOT / "tests" / "data"


def seed_files() -> list[Path]:
    """The seed .txt files; a missing folder fails loudly rather than skipping silently."""
    files = sorted(SEEDS_DIR.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no seed reports found in {SEEDS_DIR}; put ../shared beside the clone")
    return files


def seed_expectations() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(
        (SEEDS_DIR / "expected_structure.json").read_text("utf-8")
    )
    return data


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR
