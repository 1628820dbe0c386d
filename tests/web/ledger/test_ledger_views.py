"""The ledger's pages: the permission matrix (every view × every role, a disabled account, another unit),
a stale form that keeps its input, and the downloads opened and checked."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from mingjing_web.ledger import services
from mingjing_web.ledger.models import Criticism, Guest, ItemStatus, LedgerItem
from mingjing_web.meetings.models import MeetingMember
from mingjing_web.meetings.services import meeting_member_add
from mingjing_web.orgs.services import membership_create, membership_set_active
from tests.web.conftest import PASSWORD, Cast, fresh, make_cast, upload_clean
from tests.web.ledger.conftest import approve, ledger_confirmed

pytestmark = pytest.mark.django_db

ROLES = ("admin", "reviewer", "head", "member", "outsider", "outsider_admin")
OK, REDIRECT = 200, 302


def _expect(**by_role: int) -> dict[str, int]:
    assert set(by_role) == set(ROLES)
    return by_role


Objects = dict[str, Any]
UrlFn = Callable[[Objects], str]

# The record and the ledger: the meeting's 班子 and its overseers; other units never see it.
VIEW = _expect(admin=OK, reviewer=OK, head=OK, member=OK, outsider=404, outsider_admin=404)
OVERSEE = _expect(admin=OK, reviewer=OK, head=OK, member=403, outsider=404, outsider_admin=404)
RECORD = _expect(admin=REDIRECT, reviewer=REDIRECT, head=403, member=403, outsider=404, outsider_admin=404)
MANAGE = _expect(
    admin=REDIRECT, reviewer=REDIRECT, head=REDIRECT, member=403, outsider=404, outsider_admin=404
)
RECORD_FORM = _expect(admin=400, reviewer=400, head=403, member=403, outsider=404, outsider_admin=404)
ADMIN = _expect(admin=REDIRECT, reviewer=403, head=403, member=403, outsider=404, outsider_admin=404)
# The item belongs to the 班子成员: they and the managers update it; the owner cannot close it.
UPDATE = _expect(admin=400, reviewer=400, head=400, member=400, outsider=404, outsider_admin=404)
CLOSE = _expect(admin=400, reviewer=400, head=400, member=403, outsider=404, outsider_admin=404)


def _m(name: str) -> UrlFn:
    return lambda o: reverse(name, args=[o["meeting"].pk])


def _i(name: str) -> UrlFn:
    return lambda o: reverse(name, args=[o["item"].pk])


MATRIX: list[tuple[str, str, UrlFn, dict[str, int]]] = [
    ("record", "get", _m("ledger_record"), VIEW),
    ("record-save", "post", _m("ledger_record"), RECORD_FORM),
    ("attendance", "post", _m("ledger_attendance"), RECORD_FORM),
    ("guest-add", "post", _m("ledger_guest_add"), RECORD_FORM),
    (
        "guest-delete",
        "post",
        lambda o: reverse("ledger_guest_delete", args=[o["meeting"].pk, o["guest"].pk]),
        RECORD,
    ),
    ("criticism-add", "post", _m("ledger_criticism_add"), RECORD_FORM),
    (
        "criticism-delete",
        "post",
        lambda o: reverse("ledger_criticism_delete", args=[o["meeting"].pk, o["criticism"].pk]),
        RECORD,
    ),
    ("minutes", "get", _m("ledger_minutes"), VIEW),
    ("ledger", "get", _m("ledger_index"), VIEW),
    ("ledger-xlsx", "get", _m("ledger_xlsx"), VIEW),
    ("generate", "post", _m("ledger_generate"), MANAGE),
    ("confirm", "post", _m("ledger_confirm"), MANAGE),
    ("add", "post", _m("ledger_add"), MANAGE),
    ("item", "get", _i("ledger_item"), VIEW),
    ("item-update", "post", _i("ledger_item"), UPDATE),
    ("evidence-add", "post", _i("ledger_evidence_add"), UPDATE),
    ("evidence", "get", lambda o: reverse("ledger_evidence", args=[o["item"].pk, o["evidence"].pk]), VIEW),
    ("close", "post", _i("ledger_item_close"), CLOSE),
    ("upward", "get", _m("ledger_upward"), OVERSEE),
    (
        "upward-docx",
        "get",
        lambda o: reverse("ledger_upward_docx", args=[o["meeting"].pk, "meeting"]),
        OVERSEE,
    ),
    (
        "upward-sent",
        "post",
        lambda o: reverse("ledger_upward_sent", args=[o["meeting"].pk, "meeting"]),
        ADMIN,
    ),
]


# Every test of this module works on one cast, approved report, ledger and set of objects built once
# (``shared_rows``), each in its own savepoint and with its own copies of them (``fresh``).
@pytest.fixture(scope="module")
def shared_objects(shared_rows: None) -> Objects:
    cast = make_cast()
    approve(cast, upload_clean(cast))
    return build_objects(cast, ledger_confirmed(cast))


@pytest.fixture
def objects(shared_objects: Objects, db: None) -> Objects:
    copies: Objects = fresh(shared_objects)
    return copies


def build_objects(cast: Cast, ledger: list[Any]) -> Objects:
    seats = {s.membership_id: s for s in MeetingMember.objects.filter(meeting=cast.meeting)}
    criticism = services.criticism_add(
        actor=cast.admin,
        meeting=cast.meeting,
        giver=seats[cast.head.pk],
        receiver=seats[cast.member.pk],
        text="上半年你分管的项目有3个拖期。",
    )
    guest = services.guest_add(actor=cast.admin, meeting=cast.meeting, role="supervisor", name="王督导")
    item = ledger[0]
    evidence = services.evidence_add(actor=cast.member, item=item, filename="纪要.txt", data=b"minutes")
    disabled = membership_create(
        organisation=cast.org,
        username="t-ledger-disabled",
        password=PASSWORD,
        display_name="已停用",
        team_role="member",
    )
    meeting_member_add(actor=cast.admin, meeting=cast.meeting, member=disabled)
    membership_set_active(membership=disabled, actor=cast.admin, active=False)
    return {
        "cast": cast,
        "meeting": cast.meeting,
        "item": item,
        "evidence": evidence,
        "criticism": criticism,
        "guest": guest,
        "disabled": disabled,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(
    client: Any, objects: Objects, role: str, name: str, method: str, url: UrlFn, expected: dict[str, int]
) -> None:
    client.force_login(objects["cast"].roles()[role].user)
    response = getattr(client, method)(url(objects), {})
    assert response.status_code == expected[role], f"{name} as {role}"


@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_a_disabled_account_is_signed_out(
    client: Any, objects: Objects, name: str, method: str, url: UrlFn, expected: Any
) -> None:
    client.force_login(objects["disabled"].user)
    response = getattr(client, method)(url(objects))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_deleting_as_recorder_really_deletes(client: Any, objects: Objects) -> None:
    client.force_login(objects["cast"].reviewer.user)
    client.post(reverse("ledger_guest_delete", args=[objects["meeting"].pk, objects["guest"].pk]))
    client.post(reverse("ledger_criticism_delete", args=[objects["meeting"].pk, objects["criticism"].pk]))
    assert not Guest.objects.exists() and not Criticism.objects.exists()


def test_a_stale_form_is_refused_with_the_input_kept(client: Any, objects: Objects) -> None:
    cast, item = objects["cast"], objects["item"]
    old = item.revision
    services.ledger_item_update(
        actor=cast.reviewer,
        item=item,
        revision=old,
        status="in_progress",
        progress="审核人改过",
        measure=item.measure,
    )
    client.force_login(cast.member.user)
    response = client.post(
        reverse("ledger_item", args=[item.pk]),
        {"revision": old, "status": "in_progress", "measure": "我的新措施", "progress": "我写的进展"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "已被他人修改" in body and "我写的进展" in body and "我的新措施" in body
    item.refresh_from_db()
    assert item.progress == "审核人改过"


def test_owner_updates_and_another_person_closes_through_the_pages(client: Any, objects: Objects) -> None:
    cast, item = objects["cast"], objects["item"]
    client.force_login(cast.member.user)
    response = client.post(
        reverse("ledger_item", args=[item.pk]),
        {"revision": item.revision, "status": "in_progress", "measure": "新措施", "progress": "推进中"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    client.force_login(cast.reviewer.user)
    response = client.post(
        reverse("ledger_item_close", args=[item.pk]), {"revision": item.revision, "status": "done"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    page = client.get(reverse("ledger_item", args=[item.pk])).content.decode()
    assert "销号" in page and "审核人乙" in page


def test_ledger_page_shows_the_three_lists_and_progress(client: Any, objects: Objects) -> None:
    client.force_login(objects["cast"].head.user)
    for kind in ("problems", "tasks", "owners"):
        body = client.get(
            reverse("ledger_index", args=[objects["meeting"].pk]), {"list": kind}
        ).content.decode()
        assert objects["item"].problem[:20] in body
    assert "班子整体" in body and "李慧" in body


def test_ledger_xlsx_has_three_sheets(client: Any, objects: Objects) -> None:
    client.force_login(objects["cast"].member.user)
    response = client.get(reverse("ledger_xlsx", args=[objects["meeting"].pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["问题清单", "任务清单", "责任清单"]
    count = LedgerItem.objects.filter(meeting=objects["meeting"], draft=False).count()
    assert book["任务清单"].max_row == count + 1


def test_minutes_and_upward_report_are_official_docx(client: Any, objects: Objects) -> None:
    client.force_login(objects["cast"].admin.user)
    minutes = Document(
        io.BytesIO(client.get(reverse("ledger_minutes", args=[objects["meeting"].pk])).content)
    )
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert "相互批评" in text and "上半年你分管的项目有3个拖期" in text and "王督导" in text
    response = client.get(reverse("ledger_upward_docx", args=[objects["meeting"].pk, "meeting"]))
    upward = Document(io.BytesIO(response.content))
    section = upward.sections[0]
    assert abs(section.top_margin - Mm(37)) < Mm(0.1) and abs(section.left_margin - Mm(28)) < Mm(0.1)
    title = upward.paragraphs[0]
    assert title.text.startswith("关于召开") and title.runs[0].font.size == Pt(22)
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert len(upward.tables) == 1


def test_record_page_warns_below_two_thirds(client: Any, objects: Objects) -> None:
    cast = objects["cast"]
    seats = MeetingMember.objects.filter(meeting=cast.meeting)
    data = {f"status_{s.pk}": "absent" for s in seats}
    client.force_login(cast.reviewer.user)
    response = client.post(reverse("ledger_attendance", args=[cast.meeting.pk]), data, follow=True)
    assert "三分之二" in response.content.decode()


def test_praise_is_flagged_on_the_page(client: Any, objects: Objects) -> None:
    cast = objects["cast"]
    seats = {s.membership_id: s for s in MeetingMember.objects.filter(meeting=cast.meeting)}
    client.force_login(cast.reviewer.user)
    response = client.post(
        reverse("ledger_criticism_add", args=[cast.meeting.pk]),
        {
            "giver": seats[cast.member.pk].pk,
            "receiver": seats[cast.head.pk].pk,
            "text": "周书记工作太拼，要注意身体。",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "以表扬代替批评" in body
