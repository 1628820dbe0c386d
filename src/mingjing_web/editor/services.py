"""Writing in the editor: open a draft, save it as one types (with versions), change its structure, start
from an upload, link what it answers, save a version with copy detection, submit it as a report version.

Every service checks the writer's right (``policy.can_write_draft``) and the meeting's state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mingjing.facade import OrgProfile

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from mingjing_web import analysis, corpus, policy
from mingjing_web.audit.services import audit_record
from mingjing_web.editor import structure as st
from mingjing_web.editor.models import AnswerKind, AnswerLink, Draft, DraftVersion
from mingjing_web.errors import ServiceError, UploadError
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.selectors import meeting_framework_core_id
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import EDITABLE_STATUSES, Report, ReportVersion

# While typing, one automatic version per this many seconds; the newest automatic one is updated in between.
AUTO_VERSION_SECONDS = 180


def _require(meeting: Meeting, actor: Membership, author: Membership) -> None:
    if not meeting.is_open:
        raise ServiceError("会议已召开或已归档，不能再撰写材料。")
    if not policy.can_write_draft(who=actor, meeting=meeting, author=author):
        raise ServiceError("只有本次会议的班子成员本人可以在线撰写自己的材料。")
    report = Report.objects.filter(meeting=meeting, author=author).only("status").first()
    if report is not None and report.status not in EDITABLE_STATUSES:
        raise ServiceError(f"材料当前状态为“{report.get_status_display()}”，退回修改后才能继续撰写。")


def draft_locked_reason(*, draft: Draft) -> str:
    """Why the draft cannot be changed now (empty when it can): the meeting's or the report's state."""
    try:
        _require(draft.meeting, draft.author, draft.author)
    except ServiceError as err:
        return err.message
    return ""


def _carried(meeting: Meeting, author: Membership) -> list[str]:
    from mingjing_web.ledger.selectors import carried_texts

    return carried_texts(meeting=meeting, owner=author)


def _aspects(meeting: Meeting) -> list[str]:
    framework = meeting_framework_core_id(meeting=meeting)
    if not framework:
        from mingjing_web.consult.selectors import meeting_core_framework

        return list(meeting_core_framework(meeting=meeting).aspects)
    return analysis.framework_aspects(framework)


def draft_open(*, meeting: Meeting, actor: Membership) -> Draft:
    """The actor's draft for the meeting, laid out for the meeting's framework when new."""
    found = Draft.objects.filter(meeting=meeting, author=actor).first()
    if found is not None:
        return found
    _require(meeting, actor, actor)
    start = st.blank_draft(
        title=f"{meeting.year}年度{meeting.kind}个人对照检查材料",
        byline=actor.display_name,
        aspects=_aspects(meeting),
        rectification=bool(_carried(meeting, actor)),
    )
    draft, _ = Draft.objects.get_or_create(
        meeting=meeting, author=actor, defaults={"content": st.to_data(start)}
    )
    return draft


def draft_import_latest(*, draft: Draft, actor: Membership) -> st.EditorDraft:
    """Go on from the latest uploaded version of the member's report (its structure replaces the draft's)."""
    _require(draft.meeting, actor, draft.author)
    report = (
        Report.objects.filter(meeting=draft.meeting, author=draft.author).select_related("latest").first()
    )
    if report is None or report.latest is None or not report.latest.text.strip():
        raise ServiceError("还没有上传过的版本，请选择文件导入。")
    framework = meeting_framework_core_id(meeting=draft.meeting)
    parsed = analysis.parse_pasted(report.latest.text, framework=framework, name="latest")
    imported = st.from_report(parsed)
    _replace(draft, imported)
    return imported


def _replace(draft: Draft, imported: st.EditorDraft) -> None:
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        _snapshot(locked, st.from_data(locked.content), manual=True)
        locked.content = st.to_data(imported)
        locked.save(update_fields=["content", "updated_at"])
        AnswerLink.objects.filter(draft=locked).delete()  # the old items are gone
        _snapshot(locked, imported, manual=True)


def _snapshot(draft: Draft, content: st.EditorDraft, *, manual: bool) -> DraftVersion:
    text = st.render(content).text
    latest = DraftVersion.objects.filter(draft=draft).order_by("-number").first()
    recent = timezone.now() - dt.timedelta(seconds=AUTO_VERSION_SECONDS)
    if not manual and latest is not None and not latest.manual and latest.created_at >= recent:
        latest.content, latest.text = st.to_data(content), text
        latest.save(update_fields=["content", "text", "updated_at"])
        return latest
    number = (latest.number if latest else 0) + 1
    return DraftVersion.objects.create(
        draft=draft, number=number, content=st.to_data(content), text=text, manual=manual
    )


@transaction.atomic
def draft_autosave(*, draft: Draft, actor: Membership, fields: Mapping[str, str]) -> st.EditorDraft:
    """Save the posted text (a pause in typing); returns the structure as saved."""
    draft = Draft.objects.select_for_update().select_related("meeting", "author").get(pk=draft.pk)
    _require(draft.meeting, actor, draft.author)
    content = st.apply_fields(st.from_data(draft.content), fields)
    draft.content = st.to_data(content)
    draft.save(update_fields=["content", "updated_at"])
    _snapshot(draft, content, manual=False)
    return content


def draft_change(*, draft: Draft, actor: Membership, fields: Mapping[str, str], op: str) -> str | None:
    """Save the text, then change the structure: ``add-item:<group>``, ``remove-item:<item>``,
    ``add-section:<key>``. Returns the id of an added item (to focus it)."""
    with transaction.atomic():
        draft = Draft.objects.select_for_update().select_related("meeting", "author").get(pk=draft.pk)
        _require(draft.meeting, actor, draft.author)
        content = st.apply_fields(st.from_data(draft.content), fields)
        action, _, target = op.partition(":")
        added: str | None = None
        if action == "add-item":
            content, added = st.add_item(content, group_id=target)
        elif action == "remove-item":
            content = st.remove_item(content, item_id=target)
            AnswerLink.objects.filter(draft=draft, item_id=target).delete()
        elif action == "add-section":
            content = st.add_section(content, key=target)
        elif action == "restore":
            content = _restored(draft, content, target)
        draft.content = st.to_data(content)
        draft.save(update_fields=["content", "updated_at"])
        return added


def _restored(draft: Draft, current: st.EditorDraft, number: str) -> st.EditorDraft:
    """The content of an earlier version; the current text is kept as a version first."""
    version = DraftVersion.objects.filter(draft=draft, number=int(number) if number.isdigit() else -1).first()
    if version is None:
        raise ServiceError("找不到这个版本，请刷新页面后重试。")
    _snapshot(draft, current, manual=True)
    restored = st.from_data(version.content)
    alive = {item.id for _s, _g, item in restored.items()}
    AnswerLink.objects.filter(draft=draft).exclude(item_id__in=alive).delete()
    return restored


def _profile(meeting: Meeting) -> OrgProfile:
    org = meeting.organisation
    return analysis.org_profile(unit=org.name, level=org.level, region=org.region)


def draft_save_version(*, draft: Draft, actor: Membership, fields: Mapping[str, str]) -> DraftVersion:
    """Save a version by hand and run the copy detection on it (sources shown beside the passages)."""
    content = draft_autosave(draft=draft, actor=actor, fields=fields)
    text = st.render(content).text
    reuse: dict[str, Any] = {"copy_ratio": 0.0, "passages": []}
    if text.strip():
        report = analysis.parse_pasted(
            text, framework=meeting_framework_core_id(meeting=draft.meeting), name="editor"
        )
        reuse = corpus.reuse_fn(meeting=draft.meeting, author=draft.author)(report)
        reuse["passages"] = [_labelled(draft, p) for p in reuse.get("passages", [])]
        reuse["text"] = text
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        locked.reuse_json = reuse
        locked.save(update_fields=["reuse_json", "updated_at"])
        return _snapshot(locked, content, manual=True)


def _labelled(draft: Draft, passage: dict[str, Any]) -> dict[str, Any]:
    """The passage as its writer may see it: a colleague's copy says so, never whose or what it says
    (the same rule as for uploaded versions, ``corpus.source_label``)."""
    # A Draft carries the meeting and author source_label reads from a Report; corpus.py types it as Report.
    label = corpus.source_label(passage.get("source_key"), viewer=draft.author, report=draft)  # type: ignore[arg-type]
    shown = {k: v for k, v in passage.items() if k not in ("source_text", "source_key", "source_id")}
    shown["source"] = label["source_label"] or passage.get("source")
    shown["source_kind"] = label["source_kind"]
    if not label.get("hide_source_text"):
        shown["source_text"] = passage.get("source_text")
    return shown


def draft_import(*, draft: Draft, actor: Membership, data: bytes, filename: str) -> st.EditorDraft:
    """Start from an uploaded .docx/.txt: its structure replaces the draft's (the old one stays a version)."""
    from mingjing_web.reports.services import max_upload_bytes

    _require(draft.meeting, actor, draft.author)
    if len(data) > max_upload_bytes():
        raise UploadError("文件太大，请删去图片等内容或另存为 .txt 后再导入。")
    document = analysis.read_upload(data=data, filename=filename, max_bytes=max_upload_bytes())
    report = analysis.parse_document(document, framework=meeting_framework_core_id(meeting=draft.meeting))
    imported = st.from_report(report)
    _replace(draft, imported)
    audit_record(
        actor=actor,
        organisation=draft.meeting.organisation,
        action="editor.import",
        target=draft,
        summary=f"{actor.display_name}从文件“{analysis.safe_filename(filename)}”开始在线撰写",
        data={},
    )
    return imported


def answer_link_set(*, draft: Draft, actor: Membership, kind: str, key: str, item_id: str) -> None:
    """Mark an opinion/criticism/rectification item answered by a draft item (empty ``item_id``: unmark)."""
    _require(draft.meeting, actor, draft.author)
    if kind not in AnswerKind.values or not key:
        raise ServiceError("无法识别要对应的意见，请刷新页面后重试。")
    if not item_id:
        AnswerLink.objects.filter(draft=draft, kind=kind, key=key).delete()
        return
    content = st.from_data(draft.content)
    if item_id not in {item.id for _s, _g, item in content.items()}:
        raise ServiceError("所选条目已不存在，请刷新页面后重试。")
    AnswerLink.objects.update_or_create(draft=draft, kind=kind, key=key, defaults={"item_id": item_id})


def draft_submit(*, draft: Draft, actor: Membership, fields: Mapping[str, str]) -> ReportVersion:
    """The draft becomes a normal report version (the reports app's paste service), then is sent for review."""
    from mingjing_web.reports.services import report_submit, version_paste

    content = draft_autosave(draft=draft, actor=actor, fields=fields)
    text = st.render(content).text
    if not any(not item.empty for _s, _g, item in content.items()):
        raise ServiceError("材料还没有内容，请先填写存在问题、原因剖析和整改措施再提交。")
    version = version_paste(meeting=draft.meeting, actor=actor, text=text, author=draft.author)
    report_submit(report=version.report, actor=actor)
    Draft.objects.filter(pk=draft.pk).update(submitted_version=version)
    return version
