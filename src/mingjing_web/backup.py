"""Backup and restore of the whole web database in one archive file (issue 14.6).

The archive is a gzip-compressed tar holding ``manifest.json`` (format, engine, date, migrations),
the database — ``database.sqlite3`` made with SQLite's online backup API (consistent while the
server runs), or ``database.pgdump`` from ``pg_dump --format=custom`` — and ``media/`` when a
MEDIA_ROOT with files is configured. Uploaded reports, evidence and library files are stored in
the database itself (binary columns), so they are in the database part. The copy-check corpora
are derived data: PostgreSQL schemas travel inside the dump; SQLite corpus files are rebuilt from
the restored database when next needed, so restore removes the old ones.

An archive is written to a temporary file beside the target and renamed at the end: a kill leaves
the previous archive or none, never half of one. Restore refuses an archive of another engine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connections

from mingjing.facade import MingjingError

FORMAT = "mingjing-backup"
VERSION = 1
_SQLITE = "database.sqlite3"
_PGDUMP = "database.pgdump"


class BackupError(MingjingError):
    code = "backup"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    size: int
    media_files: int


def _db() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _engine() -> str:
    return "sqlite" if _db()["ENGINE"].endswith("sqlite3") else "postgresql"


def _pg_env() -> dict[str, str]:
    db = _db()
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or "localhost"),
            "PGPORT": str(db.get("PORT") or 5432),
            "PGUSER": str(db.get("USER") or ""),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(command: list[str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"找不到 {command[0]}，无法{what} PostgreSQL 数据库。",
            hint="请安装与服务器版本一致的 PostgreSQL 客户端（Debian：apt install postgresql-client）。",
        )
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        raise BackupError(
            f"{command[0]} 执行失败，未能{what}数据库：{detail[0]}", hint="请检查数据库连接和权限。"
        )


def _applied_migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections["default"]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return latest


def _media_root() -> Path | None:
    root = str(getattr(settings, "MEDIA_ROOT", "") or "")
    return Path(root) if root and Path(root).is_dir() else None


def _dump_database(folder: Path) -> Path:
    if _engine() == "sqlite":
        target = folder / _SQLITE
        source = sqlite3.connect(str(_db()["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)  # the online backup API: a consistent copy while others write
        finally:
            copy.close()
            source.close()
        return target
    target = folder / _PGDUMP
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], "备份")
    return target


def backup_write(*, path: Path) -> BackupResult:
    """Write the whole database (and MEDIA_ROOT, if any) to the archive ``path``."""
    path = path.expanduser().resolve()
    if path.is_dir():
        raise BackupError(f"“{path}”是一个文件夹。", hint="请给出备份文件的名称，例如 mingjing-备份.tar.gz。")
    path.parent.mkdir(parents=True, exist_ok=True)
    media = _media_root()
    with tempfile.TemporaryDirectory(prefix="mingjing-backup-") as work:
        database = _dump_database(Path(work))
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "engine": _engine(),
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "migrations": _applied_migrations(),
            "media": media is not None,
        }
        handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        os.close(handle)
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
                archive.addfile(info, _bytes_io(data))
                archive.add(database, arcname=database.name)
                media_files = 0
                if media is not None:
                    archive.add(media, arcname="media")
                    media_files = sum(1 for item in media.rglob("*") if item.is_file())
            os.replace(partial, path)
        finally:
            Path(partial).unlink(missing_ok=True)
    return BackupResult(path, str(manifest["engine"]), path.stat().st_size, media_files)


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def _read_manifest(archive: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
        manifest = json.loads(member.read()) if member is not None else {}
    except (KeyError, ValueError) as err:
        raise BackupError(
            f"“{path.name}”不是明镜的备份文件。", hint="请选择 mingjing backup 生成的文件。"
        ) from err
    if manifest.get("format") != FORMAT:
        raise BackupError(f"“{path.name}”不是明镜的备份文件。", hint="请选择 mingjing backup 生成的文件。")
    if int(manifest.get("version", 0)) > VERSION:
        raise BackupError(f"“{path.name}”由更新版本的明镜生成。", hint="请先升级明镜再恢复。")
    return manifest


def backup_restore(*, path: Path) -> dict[str, Any]:
    """Replace the database (and MEDIA_ROOT) with the archive's content; the archive's manifest.

    The caller stops the server first and migrates afterwards (an older backup may need it).
    """
    path = path.expanduser()
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}。", hint="请检查路径和文件名。")
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 -- closed by the with block below
    except (tarfile.TarError, OSError) as err:
        raise BackupError(
            f"“{path.name}”已损坏或不是明镜的备份文件。", hint="请选择 mingjing backup 生成的文件。"
        ) from err
    with archive, tempfile.TemporaryDirectory(prefix="mingjing-restore-") as work:
        manifest = _read_manifest(archive, path)
        if manifest.get("engine") != _engine():
            raise BackupError(
                f"备份来自 {manifest.get('engine')} 数据库，当前数据库是 {_engine()}，不能直接恢复。",
                hint="请把 DATABASE_URL 指向同类数据库后再恢复。",
            )
        _extract(archive, work, path)
        connections.close_all()
        _restore_database(Path(work))
        _restore_media(Path(work) / "media")
    return manifest


def _extract(archive: tarfile.TarFile, folder: str, path: Path) -> None:
    """Extract the archive into ``folder``, refusing anything but plain files and folders inside it.

    Our backups hold nothing else. Checked here rather than left to ``extractall(filter="data")`` alone:
    that filter only exists from Python 3.11.4 (Debian 12's 3.11.2 lacks it), and where it exists it
    raises an English error that would reach the user as a traceback.
    """
    for member in archive.getmembers():
        name = PurePosixPath(member.name)
        if not (member.isfile() or member.isdir()) or name.is_absolute() or ".." in name.parts:
            raise BackupError(
                f"“{path.name}”含有不属于明镜备份的条目（{member.name}），已拒绝恢复。",
                hint="请选择 mingjing backup 生成的文件。",
            )
    if hasattr(tarfile, "data_filter"):
        archive.extractall(folder, filter="data")
    else:
        archive.extractall(folder)  # every member was checked above


def _restore_database(folder: Path) -> None:
    if _engine() == "sqlite":
        target = Path(str(_db()["NAME"]))
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(str(folder / _SQLITE))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        # The SQLite copy-check corpora are derived from the old database: rebuilt when next needed.
        if not getattr(settings, "MINGJING_CORPUS_URL", ""):
            shutil.rmtree(Path(settings.DATA_DIR) / "corpus", ignore_errors=True)
        return
    dump = folder / _PGDUMP
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
         f"--dbname={_db()['NAME']}", str(dump)],
        "恢复",
    )  # fmt: skip


def _restore_media(folder: Path) -> None:
    root = str(getattr(settings, "MEDIA_ROOT", "") or "")
    if not folder.is_dir() or not root:
        return
    target = Path(root)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(folder, target)
