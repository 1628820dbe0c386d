"""Shared fixtures. The seed reports are read from ../shared/seeds (beside the clone), never copied in."""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

import pytest

from tests.support.cast import commits_to_database

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


_OWN_RULE_CASES = False  # this process made the folder below, so the check of its cases is this run's


def pytest_configure(config: pytest.Config) -> None:
    # Django tests allocate many short-lived objects (querysets, model instances, template contexts), and with
    # the default thresholds (700, 10, 10) the cyclic collector runs every few hundred allocations and walks the
    # young generations over and over. Collecting less often took the web tests (2 workers, 1,232 tests) from
    # 134.6 and 144.9 to 117.9 CPU-s in runs one after the other (2026-12-03), for 70-170 MB more peak memory in
    # the largest process; the collector still runs, so a test that leaks cycles is no different from before.
    # Every pytest process reads this file: the controller, its xdist workers, the PostgreSQL pass and any
    # pytest a test starts.
    gc.set_threshold(50_000, 20, 100)
    # Where checkkit.record_case notes each rule's positive and negative cases; set once by the controller
    # and inherited by the xdist workers it starts afterwards, and by any pytest a test starts (which then
    # leaves the check to the run that made the folder).
    global _OWN_RULE_CASES
    if not hasattr(config, "workerinput") and "MINGJING_RULE_CASES_DIR" not in os.environ:
        import tempfile

        os.environ["MINGJING_RULE_CASES_DIR"] = tempfile.mkdtemp(prefix="mingjing-rule-cases-")
        _OWN_RULE_CASES = True


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder ``mingjing demo`` filled once per test run (all xdist workers share it): copy it with
    ``tests.support.live_app.demo_copy`` before changing anything."""
    from tests.support.live_app import demo_snapshot_in

    base = tmp_path_factory.getbasetemp()
    # Under xdist, base is popen-gwN inside this run's own folder; without it, base is this run's folder.
    return demo_snapshot_in(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)


# Modules whose tests take tens of seconds each without a ``slow`` or ``e2e`` marker (servers started and
# stopped, child processes, databases made and dropped), as measured with ``--durations`` (CONTRIBUTING.md).
_LONG_MODULES = frozenset(
    {
        "tests/cli/test_frameworks_cli.py",
        "tests/web/ledger/test_archive.py",
        "tests/web/jobs/test_jobs.py",
    }
)


def _start_rank(item: pytest.Item) -> int:
    """0: browser tests, 1: other long tests, 2: the rest (in the order pytest-django gave them)."""
    if commits_to_database(item):
        # It keeps its place after the other database tests (pytest-django's order): it flushes the tables
        # when it ends, which a rolled-back test that ran after it on the same worker could see.
        return 2
    if item.get_closest_marker("e2e"):
        return 0
    module = item.path.relative_to(ROOT).as_posix() if item.path.is_relative_to(ROOT) else ""
    return 1 if item.get_closest_marker("slow") or module in _LONG_MODULES else 2


class _InModule(Protocol):
    @property
    def path(self) -> Path: ...


_Item = TypeVar("_Item", bound=_InModule)


def dealt_for_workers(
    ranked: list[_Item], workers: int, *, long: int, group: Callable[[_Item], object] = lambda item: item.path
) -> list[_Item]:
    """``ranked`` (its first ``long`` items the long tests), each xdist worker starting on its share of them.

    xdist's load scheduler starts each worker on a run of consecutive items from the front of the list
    (``len // workers // 4`` of them, one run per worker in turn) and hands out the rest as workers free up.
    Left in one block, every long test fell into the first worker's run: it ran all of them (~250 CPU-s)
    while the other took the short ones and then idled for the last ~35 s of the suite (measured
    2026-12-03). Here the long tests go group by group (``group``: by default their module, so that a
    module's browser and server fixtures stay on one worker) to the front of each worker's run in turn;
    every other test keeps its place, so transactional tests stay last (``_start_rank``).
    """
    run = max(len(ranked) // workers // 4, 2)
    if workers < 2 or long > run:
        return ranked
    groups: dict[object, list[_Item]] = {}
    for item in ranked[:long]:
        groups.setdefault(group(item), []).append(item)
    shares: list[list[_Item]] = [[] for _ in range(workers)]
    for index, members in enumerate(groups.values()):
        shares[index % workers].extend(members)
    rest = iter(ranked[long:])
    dealt: list[_Item] = []
    for share in shares:
        dealt += share
        dealt += [item for _, item in zip(range(run - len(share)), rest, strict=False)]
    dealt += list(rest)
    return dealt


@pytest.hookimpl(trylast=True)  # after pytest-django's own sort, which this one keeps for the other tests
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The long tests start first: under xdist the many short ones then fill the time around them, instead of
    # one browser journey running alone on one worker at the end while the other worker idles. The sort is
    # stable, so every other test keeps its place (and each xdist worker computes the same order).
    items.sort(key=_start_rank)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    long = sum(_start_rank(item) < 2 for item in items)
    items[:] = dealt_for_workers(items, workers, long=long, group=_worker_group)


def _worker_group(item: pytest.Item) -> object:
    # The browser tests that share one demo server (the session fixture ``server``, tests/e2e/conftest.py)
    # go to one worker, which then starts it once; every other long test goes with its module.
    return "server" if "server" in getattr(item, "fixturenames", ()) else item.path


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
    if not _OWN_RULE_CASES or os.environ.get("MINGJING_RULE_COVERAGE") != "1":
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
