"""The reports that ship with the product (demo and shapes) parse to the structure their writers recorded.

The expectations were written by hand, independently of the parser, in the seeds' format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mingjing import samples
from mingjing.api import parse_file
from tests.parse.parse_checks import check_invariants, seed_summary

_DEMO_EXPECTED = samples.demo_expectations()
CASES: list[tuple[Path, dict[str, Any]]] = [
    *samples.shape_reports(),
    *((m.path, _DEMO_EXPECTED[m.path.name]) for m in samples.demo_members()),
]


@pytest.mark.parametrize(("path", "expected"), CASES, ids=[p.stem[:12] for p, _ in CASES])
def test_sample_parses_to_its_recorded_structure(path: Path, expected: dict[str, Any]) -> None:
    report = parse_file(path)
    assert seed_summary(report) == expected
    check_invariants(report)
