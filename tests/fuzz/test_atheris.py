"""Coverage-guided fuzzing with atheris, bounded, in CI (issue 14.2).

Each ``fuzz_*.py`` target runs in its own process for a few seconds (13 s of fuzzing for all four, about
14 s of CPU with start-up; most of the wall time on a busy 2-core machine is the parser target loading
the checks' data), under libFuzzer's per-input timeout and memory limit. The budget is a smoke test of
every commit, kept small for the suite's time; ``MINGJING_FUZZ_SECONDS`` multiplies it for a longer run.
Passing means libFuzzer exited 0 and wrote no crash, timeout or out-of-memory file: every input gave a
result or a ``MingjingError`` with a Chinese message. A failure prints the fuzzer's output, which names the
input (also saved under the test's ``artifacts`` folder); rerun it with ``python tests/fuzz/fuzz_X.py FILE``.

The libFuzzer seed is fixed (``MINGJING_FUZZ_SEED`` changes it) so a run explores the same inputs each
time, up to where its time budget ends. atheris has wheels for Linux x86_64 only (``pyproject.toml``);
elsewhere these tests are skipped and the hypothesis fuzzing in ``tests/hostile`` still runs.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.probe import run_child

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed (it has wheels for Linux x86_64 only): coverage-guided fuzzing skipped",
)


@dataclass(frozen=True)
class Budget:
    """How long one target fuzzes and how large its inputs get."""

    script: str
    seconds: int
    max_len: int
    runs: int = -1  # -1: no limit on the number of inputs, only on the time


TARGETS = (
    Budget("fuzz_readers.py", seconds=3, max_len=16_384),
    Budget("fuzz_docx.py", seconds=3, max_len=16_384),
    Budget("fuzz_parser.py", seconds=4, max_len=4_096),
    # pdftotext runs in a child process for each input (0.1–0.2 s): a few dozen inputs at most.
    Budget("fuzz_pdf.py", seconds=3, max_len=8_192, runs=30),
)
SCALE = int(os.environ.get("MINGJING_FUZZ_SECONDS", "1"))  # e.g. 20 for a nightly run
PER_INPUT_SECONDS = 10  # a hang: the slowest legitimate read is well under 1 s (docs/limits.md)
RSS_LIMIT_MB = 1024  # a memory blow-up: a target needs about 350 MB with the checks' data loaded
START_UP_SECONDS = 60  # instrumenting the core and loading the checks' data, on a loaded machine


@pytest.fixture(scope="module", autouse=True)
def _proofreading_tables_on_disk() -> None:
    """The parser target loads the checks' proofreading tables from the per-user cache: make sure they are
    there, so that on a new machine no target spends its fuzzing time building them (~6 CPU-s)."""
    from mingjing.proofread import resources

    resources.tables()


@pytest.mark.parametrize("budget", TARGETS, ids=[t.script.removesuffix(".py") for t in TARGETS])
def test_fuzz_target_finds_no_crash(budget: Budget, tmp_path: Path) -> None:
    corpus, artifacts = tmp_path / "corpus", tmp_path / "artifacts"
    artifacts.mkdir()
    command = [
        sys.executable,
        str(HERE / budget.script),
        str(corpus),
        f"-max_total_time={budget.seconds * SCALE}",
        f"-runs={budget.runs}",
        f"-max_len={budget.max_len}",
        f"-timeout={PER_INPUT_SECONDS}",
        f"-rss_limit_mb={RSS_LIMIT_MB}",
        f"-seed={os.environ.get('MINGJING_FUZZ_SEED', '14002')}",
        f"-artifact_prefix={artifacts}/",
        "-print_final_stats=1",
    ]
    # Started through the hostile-file probe's trampoline: libFuzzer's -rss_limit_mb reads the peak RSS, which
    # Linux carries over from the forking process through exec, so a target started straight from this
    # pytest worker (1.2 GB once it holds Django, the checks' data and what its earlier tests left) was "out
    # of memory" before its first input. TMPDIR: the dictionary file and any converter work folder stay
    # inside the test's own folder.
    status, raw, _seconds, _peak_mb = run_child(
        command, tmp_path, timeout=budget.seconds * SCALE + START_UP_SECONDS, env={"PYTHONPATH": str(ROOT)}
    )
    text = raw.decode("utf-8", "replace")
    output = text[-8000:]  # atheris prints the Python traceback on stdout, libFuzzer its report on stderr
    found = sorted(path.name for path in artifacts.iterdir())
    assert status == 0, f"{budget.script} exited {status}, saved {found}:\n{output}"
    assert not found, f"{budget.script} saved crashing inputs {found}:\n{output}"
    runs = [line for line in text.splitlines() if line.startswith("stat::number_of_executed_units")]
    assert runs and int(runs[0].split(":")[-1]) > 0, f"{budget.script} ran no input:\n{output}"
    assert any(corpus.iterdir()), "the seed corpus was not written"
