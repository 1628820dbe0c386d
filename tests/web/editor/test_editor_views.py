"""The editor in the web app: open, live review beside the item, links used by the review, submit, export."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mingjing_web.editor import services
from mingjing_web.editor.models import Draft
from mingjing_web.editor.structure import from_data
from mingjing_web.reports.models import Status
from tests.web.conftest import Cast, docx_bytes, sample_text

pytestmark = pytest.mark.django_db


def _open(cast: Cast, login) -> tuple[Draft, object]:  # type: ignore[no-untyped-def]
    client = login(cast.member)
    response = client.get(reverse("editor_open", args=[cast.meeting.pk]))
    assert response.status_code == 302
    return Draft.objects.get(meeting=cast.meeting, author=cast.member), client


def _first_item(draft: Draft) -> str:
    content = from_data(draft.content)
    return content.sections[0].groups[0].items[0].id


def test_new_draft_is_laid_out_by_the_framework(cast: Cast, login) -> None:  # type: ignore[no-untyped-def]
    draft, client = _open(cast, login)
    content = from_data(draft.content)
    assert [s.key for s in content.sections] == ["problems", "causes", "measures"]
    assert len(content.sections[0].groups) >= 4  # one group per aspect of the meeting's framework
    page = client.get(reverse("editor_page", args=[draft.pk]))
    assert page.status_code == 200
    assert "需要回应的意见" in page.content.decode()


def test_typo_flagged_beside_its_item_and_gone_when_fixed(cast: Cast, login) -> None:  # type: ignore[no-untyped-def]
    draft, client = _open(cast, login)
    item = _first_item(draft)
    url = reverse("editor_live", args=[draft.pk])
    body = "2023年5月我牵头全县春耕检查，只看了两个乡镇，自已没有到困难最多的村。"
    html = client.post(url, {f"ih-{item}": "调研不够深入", f"ib-{item}": body}).content.decode()
    box = html.split(f'id="fb-item-{item}"', 1)[1].split("</div>", 1)[0]
    assert "自已" in box and 'data-rule="slip.proofread"' in box
    fixed = client.post(url, {f"ib-{item}": body.replace("自已", "自己")}).content.decode()
    box = fixed.split(f'id="fb-item-{item}"', 1)[1].split("</div>", 1)[0]
    assert "自已" not in box
    draft.refresh_from_db()
    assert "自己没有到" in from_data(draft.content).sections[0].groups[0].items[0].body
    assert draft.versions.count() == 1  # one automatic version while typing


def test_linked_opinion_is_not_checked_as_unanswered(cast: Cast, login) -> None:  # type: ignore[no-untyped-def]
    from mingjing_web.meetings.services import opinion_add

    opinion_add(
        meeting=cast.meeting,
        actor=cast.admin,
        text="下基层调研次数偏少，听汇报多看现场少",
        subject=cast.member,
        category="其他",
    )
    draft, client = _open(cast, login)
    item = _first_item(draft)
    client.post(
        reverse("editor_live", args=[draft.pk]),
        {f"ih-{item}": "学习不够系统", f"ib-{item}": "缺席两次集中学习。"},
    )
    from mingjing_web.editor.selectors import answer_panel, draft_structure

    draft.refresh_from_db()
    panel = answer_panel(draft=draft, structure=draft_structure(draft=draft))
    assert panel.unanswered_opinions == ["下基层调研次数偏少，听汇报多看现场少"]
    entry = panel.opinions[0]
    linked = client.post(
        reverse("editor_link", args=[draft.pk]), {"kind": entry.kind, "key": entry.key, "item": item}
    )
    assert linked.status_code == 302, [m.message for m in linked.wsgi_request._messages]
    draft.refresh_from_db()
    panel = answer_panel(draft=draft, structure=draft_structure(draft=draft))
    assert panel.unanswered_opinions == [] and panel.opinions[0].item_id == item


def test_submit_makes_a_report_version_and_export_is_official(cast: Cast, login) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    draft, client = _open(cast, login)
    imported = client.post(
        reverse("editor_import", args=[draft.pk]),
        {"file": SimpleUploadedFile("李慧.docx", docx_bytes(sample_text(1)))},
        format="multipart",
    )
    assert imported.status_code == 302
    draft.refresh_from_db()
    assert sum(1 for _ in from_data(draft.content).items()) >= 6
    exported = client.get(reverse("editor_export", args=[draft.pk]))
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    section = Document(io.BytesIO(exported.content)).sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    response = client.post(reverse("editor_submit", args=[draft.pk]), {})
    assert response.status_code == 302, response
    assert "/reports/" in response["Location"], [m.message for m in response.wsgi_request._messages]
    draft.refresh_from_db()
    version = draft.submitted_version
    assert version is not None and version.report.status == Status.SUBMITTED
    official = client.get(reverse("version_official", args=[version.report_id, version.number]))
    assert official.status_code == 200


def test_only_the_author_writes(cast: Cast, login) -> None:  # type: ignore[no-untyped-def]
    draft, _client = _open(cast, login)
    other = login(cast.head)
    assert other.get(reverse("editor_page", args=[draft.pk])).status_code == 404
    admin = login(cast.admin)
    assert admin.get(reverse("editor_open", args=[cast.meeting.pk])).status_code == 403
    with pytest.raises(services.ServiceError):
        services.answer_link_set(draft=draft, actor=cast.head, kind="opinion", key="x", item_id="")


def test_copy_detection_on_save_shows_the_source_beside_the_item_without_naming_a_colleague(
    cast: Cast,
    login,  # type: ignore[no-untyped-def]
    uploaded,  # type: ignore[no-untyped-def]
) -> None:
    client = login(cast.head)
    client.get(reverse("editor_open", args=[cast.meeting.pk]))
    draft = Draft.objects.get(author=cast.head)
    services.draft_import(draft=draft, actor=cast.head, data=sample_text(1).encode(), filename="抄的.txt")
    saved = client.post(reverse("editor_save", args=[draft.pk]), {})
    assert saved.status_code == 302
    draft.refresh_from_db()
    copies = [p for p in draft.reuse_json["passages"] if p["kind"] == "copy"]
    assert copies and {p["source"] for p in copies} == {"本单位其他同志的材料"}
    assert not any("source_text" in p for p in copies)
    page = client.get(reverse("editor_page", args=[draft.pk])).content.decode()
    assert 'data-rule="reuse.copy"' in page and "本单位其他同志的材料" in page
    assert "李慧 ·" not in page and "同事材料" in page  # whose report it matches is not shown to a member
