"""The ``mingjing`` command line. Each command lives in its own module, registered below."""

from __future__ import annotations

import importlib
import sys

import click

from mingjing import __version__
from mingjing.errors import MingjingError

# One module per command (or group); each exposes a click command named ``command``.
_COMMAND_MODULES: tuple[str, ...] = (
    "parse",
    "samples",
    "check",
    "audit",
    "demo",
    "serve",
    "corpus",
    "reuse",
    "reuse_matrix",
    "rules",
    "evaluate",
    "frameworks",
    "proofread",
    "backup",
    "restore",
    "worker",
    "meeting",
    "format",
)


class _Group(click.Group):
    """Turns a MingjingError into its Chinese message and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except MingjingError as err:
            click.echo(f"错误：{err}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mingjing")
def main() -> None:
    """明镜：对照检查材料的解析、审阅与整改跟踪。"""


for _name in _COMMAND_MODULES:
    main.add_command(importlib.import_module(f"mingjing.cli.{_name}").command)
