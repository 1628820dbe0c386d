"""Our own reports of other shapes (tests/data/parse/*.txt, expectation in the sibling .json).

Each parses from the .txt and from .docx files built from it (plain paragraphs, Word list numbering).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mingjing.api import parse_file
from tests.conftest import TEST_DATA
from tests.parse.parse_checks import SOURCES, check_invariants, comparable, materialise, shape_summary

SHAPES = sorted((TEST_DATA / "parse").glob("*.txt"))


def _expected(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.with_suffix(".json").read_text("utf-8"))
    return data


def test_every_shape_has_an_expectation() -> None:
    assert len(SHAPES) >= 7
    for path in SHAPES:
        assert path.with_suffix(".json").exists(), path.name


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("path", SHAPES, ids=lambda p: p.stem)
def test_shape_parses_as_expected(path: Path, source: str, tmp_path: Path) -> None:
    expected = _expected(path)
    report = parse_file(materialise(path, source, tmp_path))
    assert shape_summary(report, expected) == comparable(expected)
    check_invariants(report)
    for fragment in expected.get("contains", []):  # type: ignore[attr-defined]
        assert fragment in report.text
    for fragment in expected.get("not_contains", []):  # type: ignore[attr-defined]
        assert fragment not in report.text
