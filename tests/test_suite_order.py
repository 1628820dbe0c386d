"""The order the suite's tests are handed to xdist workers in (tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.conftest import dealt_for_workers


@dataclass(frozen=True)
class FakeItem:
    path: Path
    name: str


def _items(long_modules: dict[str, int], short: int) -> list[FakeItem]:
    long = [FakeItem(Path(m), f"{m}-{i}") for m, n in long_modules.items() for i in range(n)]
    return long + [FakeItem(Path("short.py"), f"s{i}") for i in range(short)]


def test_each_worker_starts_with_its_share_of_the_long_tests() -> None:
    ranked = _items({"a.py": 3, "b.py": 1, "c.py": 2}, short=200)
    dealt = dealt_for_workers(ranked, 2, long=6)
    run = len(ranked) // 2 // 4  # what xdist's load scheduler gives each worker first
    first, second = dealt[:run], dealt[run : 2 * run]
    assert [i.name for i in first if i.path.name != "short.py"] == [
        "a.py-0",
        "a.py-1",
        "a.py-2",
        "c.py-0",
        "c.py-1",
    ]
    assert [i.name for i in second if i.path.name != "short.py"] == ["b.py-0"]
    assert sorted(dealt, key=lambda i: i.name) == sorted(
        ranked, key=lambda i: i.name
    )  # nothing lost or doubled
    shorts = [i.name for i in dealt if i.path.name == "short.py"]
    assert shorts == [f"s{i}" for i in range(200)]  # the other tests keep their order


def test_one_worker_or_too_many_long_tests_keep_the_order() -> None:
    ranked = _items({"a.py": 2, "b.py": 2}, short=20)
    assert dealt_for_workers(ranked, 1, long=4) == ranked
    assert dealt_for_workers(ranked, 2, long=4) == ranked  # more long tests than a worker's first run holds


def test_tests_of_one_group_stay_on_one_worker() -> None:
    ranked = _items({"a.py": 1, "b.py": 1, "c.py": 1}, short=200)
    together = {"a.py", "b.py"}  # e.g. two modules sharing one session-scoped server
    dealt = dealt_for_workers(
        ranked, 2, long=3, group=lambda i: "shared" if i.path.name in together else i.path
    )
    run = len(ranked) // 2 // 4
    first, second = dealt[:run], dealt[run : 2 * run]
    assert [i.name for i in first if i.path.name != "short.py"] == ["a.py-0", "b.py-0"]
    assert [i.name for i in second if i.path.name != "short.py"] == ["c.py-0"]
