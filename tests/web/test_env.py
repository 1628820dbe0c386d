"""The strict environment helpers behind the settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from mingjing_web.env import (
    data_dir,
    default_database_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    stored_secret_key,
)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("No", False)]
)
def test_env_bool_reads_the_usual_words(raw: str, expected: bool) -> None:
    assert env_bool("X", not expected, environ={"X": raw}) is expected


@pytest.mark.parametrize("raw", ["2", "maybe", "ture"])
def test_env_bool_rejects_anything_else(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="X"):
        env_bool("X", False, environ={"X": raw})


def test_unset_or_blank_gives_the_default() -> None:
    assert env_str("X", "d", environ={}) == "d"
    assert env_int("X", 7, environ={"X": "  "}) == 7
    assert env_list("X", ["a"], environ={}) == ["a"]


def test_env_int_checks_type_and_bounds() -> None:
    assert env_int("X", 1, minimum=1, maximum=10, environ={"X": "10"}) == 10
    with pytest.raises(ImproperlyConfigured):
        env_int("X", 1, environ={"X": "ten"})
    with pytest.raises(ImproperlyConfigured, match="between"):
        env_int("X", 1, minimum=1, maximum=10, environ={"X": "11"})


def test_env_list_splits_and_rejects_empty_entries() -> None:
    assert env_list("X", [], environ={"X": "a.example, b.example"}) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured, match="empty"):
        env_list("X", [], environ={"X": "a,,b"})


def test_data_dir_follows_xdg_then_home(tmp_path: Path) -> None:
    assert data_dir({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "mingjing"
    assert data_dir({"MINGJING_DATA_DIR": str(tmp_path / "x")}) == tmp_path / "x"
    assert data_dir({}) == Path.home() / ".local" / "share" / "mingjing"
    assert default_database_url({"XDG_DATA_HOME": str(tmp_path)}).endswith("/mingjing/mingjing.sqlite3")


def test_stored_secret_key_is_generated_once_and_private(tmp_path: Path) -> None:
    first = stored_secret_key(tmp_path / "d")
    assert len(first) >= 50
    assert stored_secret_key(tmp_path / "d") == first
    assert (tmp_path / "d" / "secret_key").stat().st_mode & 0o077 == 0
