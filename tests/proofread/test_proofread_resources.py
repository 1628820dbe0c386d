"""The proofreader's data: found without importing pycorrector, cached per user, a clear error when absent."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mingjing.proofread import ProofreadDataError, resources

DATA = Path(resources.__file__).parent / "data"


def test_pycorrector_data_is_found_without_running_its_init() -> None:
    files = resources.source_files()
    assert files["same_pinyin"].name == "same_pinyin.txt" and files["same_pinyin"].is_file()
    assert "pycorrector" not in sys.modules  # its __init__ imports transformers: never run it


def test_missing_package_is_one_chinese_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pycorrector" else real(name, *a)
    )
    with pytest.raises(ProofreadDataError) as info:
        resources.source_files()
    assert "pycorrector" in str(info.value) and "setup.sh" in str(info.value)


def _trimmed_sources(folder: Path, *, keep: str, lines: int = 3000) -> dict[str, Path]:
    """The registry packages' files cut to their first ``lines`` lines and every line holding a ``keep``
    character: the same formats through the same build, in ~0.5 CPU-s instead of ~6."""
    folder.mkdir()
    trimmed = {}
    for key, source in resources.source_files().items():
        with source.open(encoding="utf-8") as handle:
            kept = [
                line for number, line in enumerate(handle) if number < lines or any(c in line for c in keep)
            ]
        trimmed[key] = folder / source.name
        trimmed[key].write_text("".join(kept), "utf-8")
    return trimmed


def test_tables_are_built_once_and_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    files = _trimmed_sources(tmp_path / "sources", keep="龙拢燥躁")
    builds: list[int] = []
    build = resources._build_tables

    def counted(sources: dict[str, Path]) -> resources.Tables:
        builds.append(1)
        return build(sources)

    monkeypatch.setattr(resources, "_build_tables", counted)
    # Two loads start together on an empty cache, as a new server's workers do: one builds, the other
    # waits for it and reads what it stored (the lock file conflicts between threads as between processes).
    with ThreadPoolExecutor(2) as pool:
        built, other = pool.map(lambda _: resources._load_tables(files), range(2))
    assert len(builds) == 1
    assert other.freq == built.freq
    cached = list((tmp_path / "mingjing").glob("proofread-*.pickle"))
    assert len(cached) == 1
    again = resources._load_tables(files)
    assert again.freq == built.freq and again.confusable == built.confusable
    assert "拢" in built.confusable["龙"]  # similar shape
    assert "躁" in built.confusable["燥"]  # same sound


def test_curated_lists_are_well_formed() -> None:
    confusions = tomllib.loads((DATA / "confusions.toml").read_text("utf-8"))
    for wrong, right in confusions["pairs"].items():
        assert wrong != right and len(wrong) >= 2
    for entry in confusions["context"]:
        assert {"regex", "replace", "rule", "note"} <= entry.keys()
        assert f"proofread.{entry['rule']}" in {"proofread.confusion", "proofread.dropped"}
    vocabulary = tomllib.loads((DATA / "vocabulary.toml").read_text("utf-8"))
    assert all(2 <= len(w) <= 8 for w in vocabulary["words"]["official"])
    thresholds = tomllib.loads((DATA / "thresholds.toml").read_text("utf-8"))
    assert (
        thresholds["thresholds"]["confusion.min-score.strict"]
        > thresholds["thresholds"]["confusion.min-score.sensitive"]
    )
