"""One meeting as one archive: export → import into an empty PostgreSQL database → export again, same JSON.

The import and the second export run as ``mingjing meeting`` commands in a child process on a database
of their own (``mj_webc_archive``), exactly as a user would move a meeting to another server.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from mingjing_web.errors import ServiceError
from mingjing_web.ledger import services
from mingjing_web.ledger.archive import archive_read, meeting_export, meeting_export_json, meeting_export_zip
from mingjing_web.meetings.models import MeetingMember
from mingjing_web.meetings.services import opinion_add
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/mj_webc_archive"


def _fresh_pg() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS mj_webc_archive WITH (FORCE)")
            conn.execute("CREATE DATABASE mj_webc_archive")
        return True
    except Exception:
        return False


@pytest.fixture
def finished(cast: Cast, ledger: list[Any]) -> Any:
    """A meeting with every part filled in: record, criticisms, closed item with evidence, reports upward."""
    seats = {s.membership_id: s for s in MeetingMember.objects.filter(meeting=cast.meeting)}
    head, member = seats[cast.head.pk], seats[cast.member.pk]
    cast.meeting.held_on = dt.date(2024, 1, 12)
    cast.meeting.save()
    opinion_add(
        actor=cast.admin, meeting=cast.meeting, subject=None, category="作风", text="班子调研不够深入"
    )
    services.record_update(
        actor=cast.admin,
        meeting=cast.meeting,
        revision=1,
        held_at=None,
        place="局三楼会议室",
        chair="周明远",
        recorder="管理员甲",
        supervisor_remarks="会议准备充分，批评有辣味。",
        closing_remarks="",
    )
    services.attendance_save(
        actor=cast.admin,
        meeting=cast.meeting,
        rows=[
            services.AttendanceRow(head.pk, "present", speaking_order=1),
            services.AttendanceRow(
                member.pk, "present", speaking_order=2, spoke_from_id=ledger[0].source_version_id
            ),
        ],
    )
    services.guest_add(
        actor=cast.admin, meeting=cast.meeting, role="supervisor", name="王督导", unit="县委组织部"
    )
    services.criticism_add(
        actor=cast.admin, meeting=cast.meeting, giver=member, receiver=head, text="工作太拼，注意身体。"
    )
    services.criticism_add(
        actor=cast.admin,
        meeting=cast.meeting,
        giver=head,
        receiver=member,
        text="上半年你分管的项目有3个拖期。",
    )
    item = ledger[0]
    services.evidence_add(
        actor=cast.member, item=item, text="已建立制度", filename="制度.txt", data="制度全文".encode()
    )
    item.refresh_from_db()
    services.ledger_item_close(actor=cast.reviewer, item=item, revision=item.revision)
    services.upward_mark_sent(
        actor=cast.admin, meeting=cast.meeting, kind="meeting", sent_on=dt.date(2024, 1, 20)
    )
    return cast.meeting


def test_export_has_every_part_and_no_opinion_giver(finished: Any) -> None:
    data = meeting_export(meeting=finished)
    for key in ("people", "members", "opinions", "reports", "record", "criticisms", "ledger", "upward"):
        assert data[key], key
    assert set(data["opinions"][0]) == {"subject", "category", "text"}
    assert data["reports"][0]["versions"][0]["review"]["findings"] is not None
    closed = [i for i in data["ledger"] if i["status"] == "done"]
    assert closed and closed[0]["evidence"][0]["filename"] == "制度.txt"
    assert "id" not in json.dumps(data["people"])  # no database ids anywhere in people


def test_zip_and_json_read_back_the_same(finished: Any) -> None:
    from_json = archive_read(meeting_export_json(meeting=finished).encode())
    from_zip = archive_read(meeting_export_zip(meeting=finished))
    assert from_json == from_zip
    names = zipfile.ZipFile(io.BytesIO(meeting_export_zip(meeting=finished))).namelist()
    assert "meeting.json" in names and any(n.startswith("evidence/") for n in names)


def test_bad_archives_get_a_chinese_message() -> None:
    with pytest.raises(ServiceError, match="不是有效的 JSON"):
        archive_read(b"\xff\xfe not json")
    with pytest.raises(ServiceError, match="不是明镜导出的会议档案"):
        archive_read(b'{"a": 1}')


def _mingjing(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("mingjing")), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_export_import_into_empty_postgresql_export_again_is_identical(finished: Any, tmp_path: Path) -> None:
    if not _fresh_pg():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    first = meeting_export_json(meeting=finished)
    archive = tmp_path / "meeting.json"
    archive.write_text(first, "utf-8")
    env = {**os.environ, "DATABASE_URL": PG_URL, "MINGJING_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    imported = _mingjing("meeting", "import", str(archive), env=env)
    assert imported.returncode == 0, imported.stderr
    listed = json.loads(_mingjing("meeting", "list", "--format", "json", env=env).stdout)
    assert [row["title"] for row in listed] == [finished.title]
    again = _mingjing("meeting", "export", str(listed[0]["id"]), "--format", "json", env=env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(first)
    # the same archive twice is refused in Chinese, without a traceback
    twice = _mingjing("meeting", "import", str(archive), env=env)
    assert twice.returncode == 2 and "未重复导入" in twice.stderr and "Traceback" not in twice.stderr
