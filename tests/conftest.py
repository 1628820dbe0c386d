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


# A rule that raises fails the test run instead of silently losing its findings (see checks/engine.py).
os.environ.setdefault("MINGJING_STRICT", "1")


def pytest_configure(config: pytest.Config) -> None:
    # Where checkkit.record_case notes each rule's positive and negative cases; set once by the controller
    # and inherited by the xdist workers it starts afterwards.
    if not hasattr(config, "workerinput") and "MINGJING_RULE_CASES_DIR" not in os.environ:
        import tempfile

        os.environ["MINGJING_RULE_CASES_DIR"] = tempfile.mkdtemp(prefix="mingjing-rule-cases-")


def rule_case_gaps(folder: Path) -> list[str]:
    """Rules of the catalogue that no test ran with a positive case, or with a negative one."""
    from mingjing.checks.registry import list_rules

    seen: dict[str, set[bool]] = {}
    for path in folder.glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            entry = json.loads(line)
            seen.setdefault(entry["rule"], set()).add(bool(entry["fired"]))
    gaps = []
    for info in list_rules():
        kinds = seen.get(info.id, set())
        missing = [name for flag, name in ((True, "正例"), (False, "反例")) if flag not in kinds]
        if missing:
            gaps.append(f"{info.id}: 缺{'、'.join(missing)}")
    return gaps


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput") or os.environ.get("MINGJING_RULE_COVERAGE") != "1":
        return
    gaps = rule_case_gaps(Path(os.environ["MINGJING_RULE_CASES_DIR"]))
    if gaps:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                "Rules without a positive or a negative test case (tests/checks/checkkit.run_rule):"
            )
            for gap in gaps:
                reporter.write_line(f"  {gap}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
