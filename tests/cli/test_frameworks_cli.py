"""``mingjing frameworks list|show|import|export``: shipped frameworks and those in the database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

CLI = "from mingjing.cli import main; main()"


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, "frameworks", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return keep | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MINGJING_DATA_DIR": str(tmp_path)}


def test_list_json_has_the_shipped_frameworks_without_creating_a_database(
    env: dict[str, str], tmp_path: Path
) -> None:
    result = _run(["list", "--format", "json"], env)
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    ids = [e["id"] for e in entries]
    assert "2023-theme-education" in ids and "generic" in ids
    first = next(e for e in entries if e["id"] == "2023-theme-education")
    assert {"id", "name", "year", "kind", "aspects"} <= set(first)
    assert first["aspects"][0]["name"] == "理论学习" and "政治素养" in first["aspects"][1]["aliases"]
    assert not (tmp_path / "db.sqlite3").exists()


def test_import_then_list_show_and_export_a_database_framework(env: dict[str, str], tmp_path: Path) -> None:
    exported = _run(["export", "2023-theme-education"], env)
    assert exported.returncode == 0
    data = tomllib.loads(exported.stdout)
    data.update(id="2026-unit-test", year=2026, name="2026年度测试框架")
    data["aspects"][0]["name"] = "带头学深悟透"
    from mingjing_web.frameworks.data import framework_toml

    path = tmp_path / "f.toml"
    path.write_text(framework_toml(data), encoding="utf-8")
    imported = _run(["import", str(path)], env)
    assert imported.returncode == 0, imported.stderr
    assert "第 1 版" in imported.stdout
    entries = json.loads(_run(["list", "--format", "json"], env).stdout)
    mine = next(e for e in entries if e["id"] == "2026-unit-test")
    assert mine["year"] == 2026 and mine["aspects"][0]["name"] == "带头学深悟透"
    shown = _run(["show", "2026-unit-test"], env)
    assert "带头学深悟透" in shown.stdout
    back = tomllib.loads(_run(["export", "2026-unit-test"], env).stdout)
    assert back["aspects"][0]["name"] == "带头学深悟透" and back["id"] == "2026-unit-test"


def test_errors_are_one_chinese_sentence(env: dict[str, str], tmp_path: Path) -> None:
    missing = _run(["show", "no-such-framework"], env)
    assert missing.returncode == 2 and "没有找到框架" in missing.stderr and "Traceback" not in missing.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nname = "x"\nyear = 26\n', encoding="utf-8")
    refused = _run(["import", str(bad)], env)
    assert refused.returncode == 2 and "四位数字" in refused.stderr and "Traceback" not in refused.stderr
