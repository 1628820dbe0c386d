"""The report lifecycle: upload or paste a version, submit, comment, return, approve.

Each service checks the actor's right to act and the report's state, runs inside one transaction
(nothing is half-saved) and writes an audit entry. The slow analysis runs before the transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mingjing_web import analysis, corpus, policy
from mingjing_web.audit.services import audit_record
from mingjing_web.errors import ServiceError, UploadError
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.selectors import meeting_framework, meeting_framework_core_id, opinion_texts
from mingjing_web.notifications.models import NoticeKind
from mingjing_web.notifications.services import notify
from mingjing_web.numbers import score_text
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import (
    EDITABLE_STATUSES,
    CommentKind,
    Report,
    ReportVersion,
    ReviewComment,
    Source,
    Status,
)
from mingjing_web.reports.selectors import report_revision
from mingjing_web.reports.similarity import similarity_refresh_soon
from mingjing_web.reports.uploads import upload_error_text, upload_kind_check
from mingjing_web.revisions import StaleError, revision_check

if TYPE_CHECKING:
    from mingjing.facade import OrgProfile, ParsedReport


def max_upload_bytes() -> int:
    """The one upload limit (setting MINGJING_MAX_UPLOAD_MB), in bytes."""
    return int(settings.MINGJING_MAX_UPLOAD_MB) * 1024 * 1024


def _require_writer(meeting: Meeting, actor: Membership, author: Membership) -> Report | None:
    """``author``'s existing report; the author writes it, or an admin uploads a file they handed in."""
    if not policy.can_upload_for(who=actor, meeting=meeting, author=author):
        raise ServiceError("只有本次会议的班子成员可以提交本人的材料（管理员可代为上传）。")
    if not meeting.is_open:
        raise ServiceError("会议已召开或已归档，不能再上传材料。")
    report = Report.objects.filter(meeting=meeting, author=author).first()
    if report is not None and report.status not in EDITABLE_STATUSES:
        raise ServiceError(f"材料当前状态为“{report.get_status_display()}”，不能再上传新版本。")
    return report


def _profile(meeting: Meeting) -> OrgProfile:
    org = meeting.organisation
    return analysis.org_profile(unit=org.name, level=org.level, region=org.region)


def _analyse(meeting: Meeting, author: Membership, report: ParsedReport, filename: str) -> analysis.Analysis:
    reuse = corpus.reuse_fn(meeting=meeting, author=author)
    opinions = opinion_texts(meeting=meeting, subject=author)
    from mingjing_web.ledger.selectors import carried_texts  # last year's unfinished items (issue 11)

    carried = carried_texts(meeting=meeting, owner=author)
    framework = meeting_framework(meeting=meeting)  # its length norms, as the administrator set them
    return analysis.analyse(
        report,
        filename=filename,
        profile=_profile(meeting),
        opinions=opinions,
        reuse=reuse,
        carried=carried,
        length_norms=framework.length_norms if framework is not None else None,
    )


def version_upload(
    *, meeting: Meeting, actor: Membership, data: bytes, filename: str, author: Membership | None = None
) -> ReportVersion:
    """A new version from an uploaded .docx/.txt: read, parse, check and copy-check it, then keep it.

    ``author`` is whose report it is (default: the actor); an admin uploading a file a member handed
    in is recorded as the version's uploader.
    """
    author = author or actor
    _require_writer(meeting, actor, author)
    if len(data) > max_upload_bytes():
        raise UploadError(
            f"文件超过 {settings.MINGJING_MAX_UPLOAD_MB} MB，请删去图片等内容或另存为 .txt 后再上传。"
        )
    upload_kind_check(data=data, filename=filename)
    try:
        document = analysis.read_upload(data=data, filename=filename, max_bytes=max_upload_bytes())
    except UploadError as err:
        raise UploadError(upload_error_text(err.message)) from err
    core_report = analysis.parse_document(document, framework=meeting_framework_core_id(meeting=meeting))
    result = _analyse(meeting, author, core_report, filename)
    return _version_save(meeting, actor, author, result, data=data, filename=filename, source=Source.UPLOAD)


def version_paste(
    *, meeting: Meeting, actor: Membership, text: str, author: Membership | None = None
) -> ReportVersion:
    """A new version from pasted text (kept as a UTF-8 .txt)."""
    author = author or actor
    _require_writer(meeting, actor, author)
    data = text.encode("utf-8")
    if len(data) > max_upload_bytes():
        raise UploadError(f"粘贴的内容超过 {settings.MINGJING_MAX_UPLOAD_MB} MB。")
    filename = f"{author.display_name}-粘贴.txt"
    framework = meeting_framework_core_id(meeting=meeting)
    core_report = analysis.parse_pasted(text, framework=framework, name=filename)
    result = _analyse(meeting, author, core_report, filename)
    return _version_save(meeting, actor, author, result, data=data, filename=filename, source=Source.PASTE)


@transaction.atomic
def _version_save(
    meeting: Meeting,
    actor: Membership,
    author: Membership,
    result: analysis.Analysis,
    *,
    data: bytes,
    filename: str,
    source: str,
) -> ReportVersion:
    report, _ = Report.objects.select_for_update().get_or_create(meeting=meeting, author=author)
    if report.status not in EDITABLE_STATUSES:  # changed while the analysis ran
        raise ServiceError(f"材料当前状态为“{report.get_status_display()}”，不能再上传新版本。")
    version = ReportVersion.objects.create(
        report=report,
        number=report.versions.count() + 1,
        source=source,
        filename=filename[:255],
        data=data,
        text=result.text,
        parse_json=result.parse,
        review_json=result.review,
        reuse_json=result.reuse,
        verdict=result.verdict,
        score=result.score,
        copy_ratio=result.copy_ratio,
        finding_count=len(result.findings),
        family_counts=analysis.family_counts(result.review),
        severity_counts=dict(result.review.get("counts", {})),
        aspect_stats=analysis.aspect_stats(result.report),
        created_by=actor,
    )
    report.latest = version
    report.save(update_fields=["latest", "updated_at"])
    on_behalf = "（管理员代为上传）" if actor.pk != author.pk else ""
    _audit(
        report,
        actor,
        "report.version",
        f"上传第 {version.number} 版（{filename}）{on_behalf}：{version.verdict}，{score_text(version.score)} 分",
    )
    transaction.on_commit(lambda: corpus.report_indexed(version_id=version.pk))
    transaction.on_commit(lambda: similarity_refresh_soon(meeting_id=meeting.pk))
    return version


def _audit(report: Report, actor: Membership, action: str, summary: str) -> None:
    audit_record(
        actor=actor,
        organisation=report.meeting.organisation,
        action=action,
        target=report,
        summary=f"{report.author.display_name}的材料：{summary}",
        data={"status": report.status, "version": report.latest.number if report.latest else None},
    )


def _locked(report: Report) -> Report:
    # Lock only the report row: PostgreSQL refuses FOR UPDATE on the nullable side of the join to ``latest``.
    related = Report.objects.select_related("meeting__organisation", "author", "latest")
    return related.select_for_update(of=("self",)).get(pk=report.pk)


def report_current_check(*, report: Report, version: int | None, revision: int | None) -> None:
    """Refuse an action based on an older page (the caller has locked ``report``).

    ``version`` is the number of the latest version the page showed, ``revision`` the report's state
    (``selectors.report_revision``) as the page showed it; None means the form carried none.
    """
    latest = report.latest.number if report.latest else 0
    if version is not None and version != latest:
        raise StaleError(
            f"在您查看期间，材料已更新为第 {latest} 版。您的操作尚未执行，请先查看新版本，再重新操作。"
        )
    revision_check(
        shown=revision,
        current=report_revision(report=report),
        message=f"在您查看期间，材料已被他人处理（当前状态：{report.get_status_display()}）。"
        "您的操作尚未执行，请核对最新情况后重新操作。",
    )


@transaction.atomic
def report_submit(
    *, report: Report, actor: Membership, version: int | None = None, revision: int | None = None
) -> Report:
    """The author (or an admin, for a file the author handed in) sends the latest version for review.

    ``version``/``revision``: what the page showed; a stale page is refused (``StaleError``), nothing changes.
    """
    report = _locked(report)
    if not policy.can_submit_report(who=actor, report=report):
        raise ServiceError("只能提交本人的材料。")
    report_current_check(report=report, version=version, revision=revision)
    if not report.meeting.is_open:
        raise ServiceError("会议已召开或已归档，不能再提交材料。")
    if report.status not in EDITABLE_STATUSES or report.latest is None:
        raise ServiceError("当前状态不能提交，请先上传材料。")
    report.status, report.submitted_at = Status.SUBMITTED, timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    _audit(report, actor, "report.submit", f"提交第 {report.latest.number} 版送审")
    return report


def _require_reviewer(report: Report, actor: Membership) -> None:
    if not policy.can_review_report(who=actor, report=report):
        raise ServiceError("只有本单位的审核人和主要负责人可以审核他人的材料。")
    if not report.meeting.is_open:
        raise ServiceError("会议已召开或已归档，不能再审核。")
    if report.status != Status.SUBMITTED or report.latest is None:
        raise ServiceError("只有已提交的材料可以退回或通过。")


@transaction.atomic
def report_return(
    *,
    report: Report,
    actor: Membership,
    comment: str,
    version: int | None = None,
    revision: int | None = None,
) -> Report:
    """The reviewer sends the report back; the comment says what to change (required).

    ``version``/``revision``: what the page showed; a stale page is refused (``StaleError``), nothing changes.
    """
    report = _locked(report)
    if policy.can_review_report(who=actor, report=report):
        # Before the state check: "someone else decided" says more than "only submitted reports".
        report_current_check(report=report, version=version, revision=revision)
    _require_reviewer(report, actor)
    if not comment.strip():
        raise ServiceError("退回修改时请写明需要修改的地方。")
    return _decide(report, actor, Status.RETURNED, CommentKind.RETURN, comment)


@transaction.atomic
def report_approve(
    *,
    report: Report,
    actor: Membership,
    comment: str = "",
    copy_confirmed: bool = False,
    version: int | None = None,
    revision: int | None = None,
) -> Report:
    """The reviewer accepts the latest version.

    A version whose copy ratio (against colleagues or the library) reaches the configured threshold is approved
    only when the reviewer confirms having checked the copied passages; the decision then says so.
    ``version``/``revision``: what the page showed; a stale page is refused (``StaleError``), nothing changes.
    """
    from mingjing_web.reports.similarity import copy_confirmation_needed, copy_verdict_note

    report = _locked(report)
    if policy.can_review_report(who=actor, report=report):
        report_current_check(report=report, version=version, revision=revision)
    _require_reviewer(report, actor)
    assert report.latest is not None
    text = comment or "审核通过。"
    needed = copy_confirmation_needed(copy_ratio=report.latest.copy_ratio)
    if needed is not None:
        if not copy_confirmed:
            raise ServiceError(needed)
        text = f"{text}（{copy_verdict_note(copy_ratio=report.latest.copy_ratio)}）"
    return _decide(report, actor, Status.APPROVED, CommentKind.APPROVE, text)


def _decide(report: Report, actor: Membership, status: str, kind: str, comment: str) -> Report:
    assert report.latest is not None
    ReviewComment.objects.create(
        report=report, version=report.latest, author=actor, kind=kind, text=comment.strip()
    )
    report.status, report.decided_at = status, timezone.now()
    report.save(update_fields=["status", "decided_at", "updated_at"])
    label = "退回修改" if status == Status.RETURNED else "审核通过"
    _audit(report, actor, f"review.{kind}", f"第 {report.latest.number} 版{label}：{comment.strip()[:80]}")
    notice = NoticeKind.RETURNED if status == Status.RETURNED else NoticeKind.APPROVED
    notify(
        recipient=report.author,
        kind=notice,
        text=f"您的材料（{report.meeting.title}）第 {report.latest.number} 版已{label}：{comment.strip()[:100]}",
        url=reverse("report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def comment_add(*, report: Report, actor: Membership, text: str, version: int | None = None) -> ReviewComment:
    """A comment on the latest version, by a reviewer or by the author answering one.

    ``version`` is the latest version the page showed: a comment written on version 2 is refused once
    version 3 is in (it would be filed under a text its writer has not read). A decision in between
    does not conflict: a comment adds to the record and overwrites nothing.
    """
    report = _locked(report)
    if not policy.can_comment_report(who=actor, report=report):
        raise ServiceError("只有审核人、主要负责人和材料本人可以留言。")
    report_current_check(report=report, version=version, revision=None)
    comment = comment_on_latest(report=report, actor=actor, text=text, action="review.comment")
    return comment


def comment_on_latest(
    *, report: Report, actor: Membership, text: str, action: str, prefix: str = ""
) -> ReviewComment:
    """Store a comment on the latest version and log it (the caller has locked the report and checked rights)."""
    if report.latest is None:
        raise ServiceError("还没有可评论的版本。")
    if not text.strip():
        raise ServiceError("意见内容不能为空。")
    comment = ReviewComment.objects.create(
        report=report, version=report.latest, author=actor, text=f"{prefix}{text.strip()}"
    )
    _audit(report, actor, action, f"第 {report.latest.number} 版意见：{text.strip()[:80]}")
    return comment


def overdue_notify(*, meeting: Meeting) -> int:
    """Tell each member of the meeting who is past the deadline without a submitted report (once each)."""
    from mingjing_web.reports.dashboard import dashboard_rows

    if meeting.submit_by is None or not meeting.is_open or timezone.localdate() <= meeting.submit_by:
        return 0
    sent = 0
    for row in dashboard_rows(meeting=meeting):
        if not row.overdue:
            continue
        sent += notify(
            recipient=row.member.membership,
            kind=NoticeKind.OVERDUE,
            text=f"“{meeting.title}”的对照检查材料已过提交截止日期（{meeting.submit_by:%Y年%m月%d日}），请尽快上传并提交。",
            url=reverse("meeting_mine", args=[meeting.pk]),
            dedupe_key=f"overdue:{meeting.pk}",
        )
    return sent
