"""``mingjing frameworks``: list, show, import and export checking frameworks.

The shipped frameworks come from the core's data files; those an administrator made in the web app
live in the database DATABASE_URL names, which is read through the web package, imported lazily and
only for that part (the core itself never imports Django).
"""

from __future__ import annotations

import importlib
import json
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import click

from mingjing.errors import FrameworkError, MingjingError
from mingjing.frameworks import Framework, list_frameworks, load_framework


def _db() -> ModuleType | None:
    """The web app's framework store, or None when the web packages are not installed."""
    try:
        return importlib.import_module("mingjing_web.frameworks.cli")
    except ImportError:
        return None


def _shipped_entry(framework: Framework) -> dict[str, Any]:
    return {
        "id": framework.id,
        "name": framework.name,
        "year": framework.year,
        "kind": "/".join(framework.meeting_kinds),
        "aspects": [{"name": a.name, "aliases": list(a.aliases)} for a in framework.aspect_defs],
        "source": "shipped",
    }


def _db_call(name: str, *args: Any, **kwargs: Any) -> Any:
    store = _db()
    if store is None:
        return None
    try:
        return getattr(store, name)(*args, **kwargs)
    except MingjingError:
        raise
    except Exception as err:  # the web's ServiceError and database errors: one Chinese sentence
        message = getattr(err, "message", None)
        if message:  # bad framework data: the message says what to fix
            raise FrameworkError(str(message), hint="请修正后重试。") from err
        raise FrameworkError(
            f"读取数据库中的框架失败：{err}", hint="请检查 DATABASE_URL 指向的数据库。"
        ) from err


@click.group(name="frameworks")
def command() -> None:
    """查看、导入、导出对照框架（随系统发布的框架，以及数据库中管理员建立的框架）。"""


@command.command(name="list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_command(fmt: str) -> None:
    """列出全部框架：随系统发布的，以及 DATABASE_URL 所指数据库中的。"""
    entries = [_shipped_entry(f) for f in list_frameworks()]
    entries += _db_call("db_list") or []
    if fmt == "json":
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    for entry in entries:
        origin = "随系统发布" if entry["source"] == "shipped" else "数据库"
        click.echo(
            f"{entry['id']:<34} {entry['year']}  {entry['name']}（{origin}，{len(entry['aspects'])} 个方面）"
        )


def _shipped_text(framework_id: str) -> str | None:
    entry = resources.files("mingjing.frameworks").joinpath("data").joinpath(f"{framework_id}.toml")
    return entry.read_text("utf-8") if entry.is_file() else None


def _find(framework_id: str) -> tuple[dict[str, Any], str]:
    """(summary entry, TOML text) of a shipped or database framework."""
    try:
        framework = load_framework(framework_id)
    except FrameworkError:
        found = _db_call("db_data", framework_id)
        if found is None:
            raise FrameworkError(
                f"没有找到框架“{framework_id}”。", hint="用 mingjing frameworks list 查看可用的框架。"
            ) from None
        return found[0], str(_db_call("db_toml", framework_id))
    return _shipped_entry(framework), _shipped_text(framework.id) or ""


@command.command(name="show")
@click.argument("framework_id")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "toml"]), default="text", show_default=True
)
def show_command(framework_id: str, fmt: str) -> None:
    """显示一个框架的方面和别名（FRAMEWORK_ID 为 id、名称或简称；数据库框架可写 id@版本号）。"""
    entry, text = _find(framework_id)
    if fmt == "json":
        click.echo(json.dumps(entry, ensure_ascii=False, indent=2))
    elif fmt == "toml":
        click.echo(text, nl=False)
    else:
        click.echo(f"{entry['name']}（{entry['id']}，{entry['year']} 年度，{entry['kind']}）")
        for index, aspect in enumerate(entry["aspects"], start=1):
            aliases = "、".join(aspect["aliases"]) or "—"
            click.echo(f"  {index}. {aspect['name']}\n     别名：{aliases}")


@command.command(name="export")
@click.argument("framework_id")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写入文件（默认输出到屏幕）"
)
def export_command(framework_id: str, output: Path | None) -> None:
    """把框架导出为框架数据文件（TOML），可再用 import 导入。"""
    _entry, text = _find(framework_id)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"已导出到 {output}", err=True)


@command.command(name="import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--org", "organisation", help="归属单位名称（默认：各单位共用）")
def import_command(path: Path, organisation: str | None) -> None:
    """把框架数据文件（TOML）导入 DATABASE_URL 所指的数据库；同一 id 再次导入生成新版本。"""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise FrameworkError(f"无法读取文件 {path}。", hint="请确认文件存在且为 UTF-8 编码的 TOML。") from err
    if _db() is None:
        raise FrameworkError(
            "未安装网页应用所需的组件，无法导入到数据库。", hint="请安装 pip install 'mingjing[web]'。"
        )
    entry = _db_call("db_import", text=text, organisation=organisation)
    click.echo(
        f"已导入：{entry['name']}（{entry['id']}，第 {entry['version']} 版，{len(entry['aspects'])} 个方面）"
    )
    sys.stdout.flush()
