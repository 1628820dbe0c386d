"""The five seed reports parse to exactly what expected_structure.json says, from .txt and .docx."""

from __future__ import annotations

from pathlib import Path

import pytest

from mingjing.api import parse_file
from tests.conftest import seed_expectations, seed_files
from tests.parse.parse_checks import SOURCES, check_invariants, materialise, seed_summary

SEEDS = seed_files()
EXPECTED = seed_expectations()


def test_every_seed_has_an_expectation() -> None:
    assert sorted(p.name for p in SEEDS) == sorted(EXPECTED)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_structure_is_exactly_as_expected(seed: Path, source: str, tmp_path: Path) -> None:
    report = parse_file(materialise(seed, source, tmp_path))
    assert seed_summary(report) == EXPECTED[seed.name]
    check_invariants(report)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_docx_with_word_numbering_gives_the_same_text_as_txt(seed: Path, tmp_path: Path) -> None:
    from_txt = parse_file(seed)
    from_docx = parse_file(materialise(seed, "docx-numbering", tmp_path))
    assert from_docx.text == from_txt.text
    assert [w.code for w in from_docx.warnings] == [w.code for w in from_txt.warnings]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_items_have_headlines_and_bodies(seed: Path) -> None:
    report = parse_file(seed)
    for part in report.parts():
        for item in part.all_items():
            assert item.headline, item.text[:30]
            assert item.headline[-1] in "。；！？", item.headline
            assert item.body_span.length > 0 or not item.children


def test_the_introduction_mentioning_next_steps_does_not_end_the_problems_part() -> None:
    # Seed 000 says "明确了下一步努力方向" in its first line; the known weak tool stops there.
    report = parse_file(next(p for p in SEEDS if p.name.startswith("000")))
    assert report.preamble is not None and "下一步努力方向" in report.slice(report.preamble)
    assert report.problems is not None and len(report.problems.aspects) == 6


def test_missing_numeral_is_recognised_and_reported() -> None:
    report = parse_file(next(p for p in SEEDS if p.name.startswith("004")))
    assert report.problems is not None
    section = report.problems.aspects[2]
    first = section.items[0]
    assert first.number is None and first.ordinal == 1
    assert first.headline.startswith("争创一流")
    codes = [w for w in report.warnings if w.code == "numbering.missing-numeral"]
    assert len(codes) == 1 and codes[0].start == first.start


def test_measures_with_sub_items_keep_children() -> None:
    report = parse_file(next(p for p in SEEDS if p.name.startswith("004")))
    assert report.measures is not None
    assert [len(item.children) for item in report.measures.items] == [3, 2, 2, 3]
    assert report.measures.items[0].children[0].headline == "加强理论学习。"


def test_inline_items_after_a_heading_in_one_paragraph() -> None:
    report = parse_file(next(p for p in SEEDS if p.name.startswith("002")))
    assert report.problems is not None
    first = report.problems.aspects[0]
    assert first.heading is not None and first.heading.end == first.items[0].start
    last = report.problems.aspects[-1]
    assert last.preamble is not None and report.slice(last.preamble).endswith("两方面问题：")
