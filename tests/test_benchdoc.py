"""bench/benchdoc.py: each bench script owns one marked block of docs/benchmarks.md."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from benchdoc import write_section


def test_blocks_are_replaced_in_place_and_appended_once(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    write_section("a", "## A\nold a", path=doc)
    write_section("b", "## B\nb", path=doc)
    write_section("a", "## A\nnew a", path=doc)
    text = doc.read_text("utf-8")
    assert "old a" not in text and text.count("## A") == 1
    assert text.index("new a") < text.index("## B")


def test_a_legacy_section_without_markers_is_replaced_up_to_the_next_marker(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Old\nstale\n<!-- b:start -->\n## B\nb\n<!-- b:end -->\n", "utf-8")
    write_section("old", "## Old\nfresh", legacy_heading="## Old", path=doc)
    text = doc.read_text("utf-8")
    assert "stale" not in text and "fresh" in text
    assert "<!-- b:start -->\n## B\nb\n<!-- b:end -->" in text


def test_every_block_of_the_benchmarks_doc_is_marked_once() -> None:
    # write_section replaces the first block of a key: a second one would keep stale figures forever.
    import re

    from benchdoc import BENCHMARKS_MD

    text = BENCHMARKS_MD.read_text("utf-8")
    starts = re.findall(r"<!-- ([\w-]+):start -->", text)
    ends = re.findall(r"<!-- ([\w-]+):end -->", text)
    assert sorted(starts) == sorted(ends)
    assert sorted(key for key in set(starts) if starts.count(key) > 1) == []


def _project_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every ``from mingjing… import name`` in one script (at any depth)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
            "mingjing",
            "mingjing_web",
        ):
            found += [(str(node.module), alias.name) for alias in node.names]
    return found


def test_every_name_a_bench_script_imports_from_the_project_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scripts run by hand, never in the suite: a rename in the core (Report -> ParsedReport) once left
    # two of them failing at their first line unnoticed. The web scripts import models: Django is set up
    # first (the web tests' conftest has done it already in a full run), as the scripts themselves do.
    from django.apps import apps

    from mingjing_web.cli_support import setup_django

    if not apps.ready:  # this file alone: settings that write nothing to the user's data folder
        monkeypatch.setenv("MINGJING_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
        setup_django()
    bench = Path(__file__).resolve().parents[1] / "bench"
    missing = []
    for script in sorted(bench.rglob("*.py")):
        for module, name in _project_imports(script):
            if not hasattr(importlib.import_module(module), name):
                try:
                    importlib.import_module(f"{module}.{name}")
                except ImportError:
                    missing.append(f"{script.name}: {module}.{name}")
    assert not missing, missing
