"""A small run of the PAN accuracy suite (bench/reuse): the targets hold on light edits."""

from __future__ import annotations

import pytest

from bench.reuse import accuracy


@pytest.fixture(scope="module")
def outcomes() -> dict[str, accuracy.Outcome]:
    return {o.kind: o for o in accuracy.run(per_type=6, seed=11, log=lambda _: None)}


@pytest.mark.parametrize("kind", ["verbatim", "punctuation", "chars", "reorder", "renumber", "mixed"])
def test_plagdet_on_light_edits(outcomes: dict[str, accuracy.Outcome], kind: str) -> None:
    assert outcomes[kind].scores.plagdet >= 0.9


def test_recall_is_one_on_verbatim_runs_of_20_or_more(outcomes: dict[str, accuracy.Outcome]) -> None:
    assert outcomes["run20-40"].scores.recall == 1.0


def test_nothing_shorter_than_13_and_no_stock_phrases(outcomes: dict[str, accuracy.Outcome]) -> None:
    assert outcomes["run8-12"].scores.detections == 0
    assert outcomes["stock-only"].scores.detections == 0
    assert all(o.short_reported == 0 for o in outcomes.values())
