"""The Django side of ``mingjing meeting``: set Django up, run the archive functions, speak Chinese errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mingjing.facade import MingjingError


class ArchiveError(MingjingError):
    code = "archive"


def _setup() -> None:
    from mingjing_web.cli_support import setup_django

    setup_django()


def meeting_list() -> list[dict[str, Any]]:
    _setup()
    from mingjing_web.ledger.archive import meeting_rows

    return meeting_rows()


def meeting_export(meeting_id: int, fmt: str) -> bytes:
    """The archive of meeting ``meeting_id`` as JSON (UTF-8) or zip bytes."""
    _setup()
    from mingjing_web.ledger.archive import meeting_export_json, meeting_export_zip
    from mingjing_web.meetings.models import Meeting

    meeting = Meeting.objects.select_related("organisation").filter(pk=meeting_id).first()
    if meeting is None:
        raise ArchiveError(
            f"没有编号为 {meeting_id} 的会议。", hint="请先运行 mingjing meeting list 查看会议编号。"
        )
    if fmt == "zip":
        return meeting_export_zip(meeting=meeting)
    return meeting_export_json(meeting=meeting).encode("utf-8")


def meeting_import(path: Path) -> dict[str, Any]:
    _setup()
    from django.core.management import call_command

    from mingjing_web.errors import ServiceError
    from mingjing_web.ledger.archive import meeting_import as run_import

    call_command("migrate", interactive=False, verbosity=0)  # an empty database gets its tables first
    try:
        meeting = run_import(payload=path.read_bytes())
    except ServiceError as err:
        raise ArchiveError(err.message) from err
    except (KeyError, TypeError, ValueError) as err:
        raise ArchiveError("会议档案内容不完整或已被改动，无法导入。", hint="请重新导出后再导入。") from err
    return {"id": meeting.pk, "title": meeting.title, "organisation": meeting.organisation.name}
