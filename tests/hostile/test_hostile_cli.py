"""``mingjing parse``/``check``/``audit`` on hostile files: the Chinese sentence, a non-zero exit, quickly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.hostile.cases import by_key
from tests.hostile.probe import leftovers, orphans, run_child

MINGJING = str(Path(sys.executable).with_name("mingjing"))
MAX_SECONDS = 5.0
MAX_PEAK_MB = 500.0


@pytest.mark.parametrize(
    ("command", "key", "words"),
    [
        (["parse"], "numbering-start", ("起始值", "上限")),
        (["check"], "inflate-bomb", ("解压后", "上限")),
        (["check", "--format", "json"], "txt-19.9mb", ("文字过多", "上限")),
        (["audit"], "label-template", ("编号", "上限")),
    ],
)
def test_cli_prints_the_limit_and_fails(
    command: list[str], key: str, words: tuple[str, ...], tmp_path: Path
) -> None:
    case = by_key(key)
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / case.filename
    path.write_bytes(case.build())
    target = folder if command[0] == "audit" else path
    extra = ["--output", str(tmp_path / "out.xlsx")] if command[0] == "audit" else []
    status, output, seconds, peak = run_child(
        [MINGJING, *command, str(target), *extra], tmp_path / "tmp", timeout=30
    )
    text = output.decode("utf-8", "replace")
    assert status == 2, text
    assert all(word in text for word in words), text
    assert "Traceback" not in text
    assert seconds < MAX_SECONDS and peak < MAX_PEAK_MB, (seconds, peak)
    assert leftovers(tmp_path / "tmp") == () and orphans(tmp_path / "tmp") == ()
