"""``mingjing backup`` / ``mingjing restore`` round-trip a whole demo organisation (issue 14.6).

Each test loads the demo into a database of its own, backs it up, changes the data (renames the
unit, deletes a report), restores, and compares every row of every table with the state backed up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.support.live_app import demo_copy

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432/"
DUMP = (
    "import django, io; django.setup(); from django.core.management import call_command; out = io.StringIO(); "
    "call_command('dumpdata', '--exclude', 'sessions', '--exclude', 'contenttypes', '--exclude', "
    "'auth.permission', '--indent', '0', stdout=out); print(out.getvalue())"
)
CHANGE = (
    "import django; django.setup(); from mingjing_web.orgs.models import Organisation; "
    "from mingjing_web.reports.models import Report; "
    "Organisation.objects.update(name='改过名的单位'); Report.objects.order_by('pk').first().delete()"
)


def _env(data: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update({"MINGJING_DATA_DIR": str(data), "MINGJING_BACKGROUND_INDEXING": "false"})
    env["DJANGO_SETTINGS_MODULE"] = "mingjing_web.settings"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(env: dict[str, str], *args: str, code: str | None = None) -> str:
    command = (
        [sys.executable, "-c", code] if code else [str(Path(sys.executable).with_name("mingjing")), *args]
    )
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _round_trip(tmp_path: Path, database_url: str | None, *, demo: Path | None = None) -> None:
    """``demo``: a folder holding the demo on SQLite, copied instead of running ``mingjing demo`` again."""
    env = _env(tmp_path / "data", database_url)
    if demo is None:
        _run(env, "demo")
    else:
        demo_copy(demo, tmp_path / "data")
    before = _run(env, code=DUMP)
    assert "mingjing-demo" not in before and '"model": "reports.reportversion"' in before
    archive = tmp_path / "备份" / "mingjing.tar.gz"
    _run(env, "backup", str(archive))
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    assert "manifest.json" in names and names & {"database.sqlite3", "database.pgdump"}
    assert not list(archive.parent.glob("*.partial"))
    _run(env, code=CHANGE)
    changed = _run(env, code=DUMP)
    assert changed != before and "改过名的单位" in changed
    _run(env, "restore", "--yes", str(archive))
    assert _run(env, code=DUMP) == before


@pytest.mark.slow
def test_backup_and_restore_round_trip_on_sqlite(tmp_path: Path, demo_snapshot: Path) -> None:
    _round_trip(tmp_path, None, demo=demo_snapshot)


def _psql(*sql: str) -> None:
    for statement in sql:
        subprocess.run(["psql", PG + "postgres", "-q", "-c", statement], check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.postgres
def test_backup_and_restore_round_trip_on_postgresql(tmp_path: Path) -> None:
    name = "mj_webd_backup"
    try:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not available")
    try:
        _round_trip(tmp_path, PG + name)
    finally:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    env = _env(tmp_path / "data", None)
    bogus = tmp_path / "不是备份.tar.gz"
    bogus.write_bytes(b"not an archive")
    command = [str(Path(sys.executable).with_name("mingjing")), "restore", "--yes", str(bogus)]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("错误：“不是备份.tar.gz”已损坏或不是明镜的备份文件。")
    assert "Traceback" not in result.stderr


def _tar_member(archive: tarfile.TarFile, name: str, data: bytes = b"", *, link: str = "") -> None:
    import io

    info = tarfile.TarInfo(name)
    if link:
        info.type, info.linkname = tarfile.SYMTYPE, link
    info.size = 0 if link else len(data)
    archive.addfile(info, io.BytesIO(data) if not link else None)


@pytest.mark.parametrize(
    ("name", "link"), [("../逃出去.txt", ""), ("/tmp/绝对路径.txt", ""), ("media/链接", "/etc/passwd")]
)
def test_restore_refuses_an_archive_with_entries_a_backup_never_has(
    tmp_path: Path, name: str, link: str
) -> None:
    env = _env(tmp_path / "data", None)
    crafted = tmp_path / "inside" / "伪造.tar.gz"
    crafted.parent.mkdir()
    manifest = json.dumps({"format": "mingjing-backup", "version": 1, "engine": "sqlite"}).encode()
    with tarfile.open(crafted, "w:gz") as archive:
        _tar_member(archive, "manifest.json", manifest)
        _tar_member(archive, name, b"x", link=link)
    command = [str(Path(sys.executable).with_name("mingjing")), "restore", "--yes", str(crafted)]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"错误：“伪造.tar.gz”含有不属于明镜备份的条目（{name}），已拒绝恢复。")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "逃出去.txt").exists() and not Path("/tmp/绝对路径.txt").exists()
