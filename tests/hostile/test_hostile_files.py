"""Every hostile file of issue 14: a Chinese message (or a document) within 5 s and 500 MB, measured in a
child process, with no temporary file and no process left behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile.cases import CASES, Case
from tests.hostile.probe import measure

MAX_PEAK_MB = 500.0


@pytest.mark.parametrize("case", CASES, ids=[case.key for case in CASES])
def test_hostile_file_is_bounded(case: Case, tmp_path: Path) -> None:
    if case.needs and shutil.which(case.needs) is None:
        pytest.skip(f"{case.needs} not installed")
    path = tmp_path / "in" / case.filename
    path.parent.mkdir()
    path.write_bytes(case.build())
    result = measure(path, tmp_path / "tmp", accept=case.accept)
    assert result.outcome == case.outcome, result.message
    for word in case.words:
        assert word in result.message, result.message
    if case.limit is not None:
        assert result.limit == case.limit
    if case.outcome != "ok":
        assert "Traceback" not in result.message
        assert "\n" not in result.message and "\u202e" not in result.message
    assert result.seconds < case.max_seconds, f"{result.seconds:.1f} s"  # 5 s for every hostile file
    assert result.peak_mb < MAX_PEAK_MB, f"{result.peak_mb:.0f} MB"
    assert result.leftovers == ()
    assert result.orphans == ()
