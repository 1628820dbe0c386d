"""The report lifecycle: upload or paste a version, submit, comment, return, approve.

Each service checks the actor's right to act and the report's state, runs inside one transaction
(nothing is half-saved) and writes an audit entry. The slow analysis runs before the transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mingjing_web import analysis, corpus
from mingjing_web.audit.services import audit_record
from mingjing_web.errors import ServiceError, UploadError
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.selectors import opinion_texts
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


def max_upload_bytes() -> int:
    return int(settings.MINGJING_MAX_UPLOAD_MB) * 1024 * 1024


def _require_writer(meeting: Meeting, actor: Membership) -> Report | None:
    """The actor's existing report for the meeting; only 班子 members of the meeting's unit write one."""
    if actor.organisation_id != meeting.organisation_id or not actor.in_team:
        raise ServiceError("只有本单位班子成员可以提交本人的对照检查材料。")
    report = Report.objects.filter(meeting=meeting, author=actor).first()
    if report is not None and report.status not in EDITABLE_STATUSES:
        raise ServiceError(f"材料当前状态为“{report.get_status_display()}”，不能再上传新版本。")
    return report


def _profile(meeting: Meeting) -> analysis.Profile:
    org = meeting.organisation
    return analysis.Profile(unit=org.name, level=org.level, region=org.region)


def _analyse(
    meeting: Meeting, actor: Membership, report: analysis.Report, filename: str
) -> analysis.Analysis:
    reuse = corpus.reuse_fn(meeting=meeting, author=actor)
    opinions = opinion_texts(meeting=meeting, subject=actor)
    return analysis.analyse(
        report, filename=filename, profile=_profile(meeting), opinions=opinions, reuse=reuse
    )


def version_upload(*, meeting: Meeting, actor: Membership, data: bytes, filename: str) -> ReportVersion:
    """A new version from an uploaded .docx/.txt: read, parse, check and copy-check it, then keep it."""
    _require_writer(meeting, actor)
    if len(data) > max_upload_bytes():
        raise UploadError(
            f"文件超过 {settings.MINGJING_MAX_UPLOAD_MB} MB，请删去图片等内容或另存为 .txt 后再上传。"
        )
    document = analysis.read_upload(data=data, filename=filename, max_bytes=max_upload_bytes())
    core_report = analysis.parse_document(document, framework=meeting.framework_id)
    result = _analyse(meeting, actor, core_report, filename)
    return _version_save(meeting, actor, result, data=data, filename=filename, source=Source.UPLOAD)


def version_paste(*, meeting: Meeting, actor: Membership, text: str) -> ReportVersion:
    """A new version from pasted text (kept as a UTF-8 .txt)."""
    _require_writer(meeting, actor)
    data = text.encode("utf-8")
    if len(data) > max_upload_bytes():
        raise UploadError(f"粘贴的内容超过 {settings.MINGJING_MAX_UPLOAD_MB} MB。")
    filename = f"{actor.display_name}-粘贴.txt"
    core_report = analysis.parse_pasted(text, framework=meeting.framework_id, name=filename)
    result = _analyse(meeting, actor, core_report, filename)
    return _version_save(meeting, actor, result, data=data, filename=filename, source=Source.PASTE)


@transaction.atomic
def _version_save(
    meeting: Meeting, actor: Membership, result: analysis.Analysis, *, data: bytes, filename: str, source: str
) -> ReportVersion:
    report, _ = Report.objects.select_for_update().get_or_create(meeting=meeting, author=actor)
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
    _audit(
        report,
        actor,
        "report.version",
        f"上传第 {version.number} 版（{filename}）：{version.verdict}，{version.score:.0f} 分",
    )
    transaction.on_commit(lambda: corpus.report_indexed(version_id=version.pk))
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


@transaction.atomic
def report_submit(*, report: Report, actor: Membership) -> Report:
    """The author hands the latest version in for review."""
    report = _locked(report)
    if report.author_id != actor.pk:
        raise ServiceError("只能提交本人的材料。")
    if report.status not in EDITABLE_STATUSES or report.latest is None:
        raise ServiceError("当前状态不能提交，请先上传材料。")
    report.status, report.submitted_at = Status.SUBMITTED, timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    _audit(report, actor, "report.submit", f"提交第 {report.latest.number} 版送审")
    return report


def _require_reviewer(report: Report, actor: Membership) -> None:
    if actor.organisation_id != report.meeting.organisation_id or not actor.can_review:
        raise ServiceError("只有本单位的审核人可以审核材料。")
    if report.status != Status.SUBMITTED or report.latest is None:
        raise ServiceError("只有已提交的材料可以退回或通过。")


@transaction.atomic
def report_return(*, report: Report, actor: Membership, comment: str) -> Report:
    """The reviewer sends the report back; the comment says what to change (required)."""
    report = _locked(report)
    _require_reviewer(report, actor)
    if not comment.strip():
        raise ServiceError("退回修改时请写明需要修改的地方。")
    return _decide(report, actor, Status.RETURNED, CommentKind.RETURN, comment)


@transaction.atomic
def report_approve(*, report: Report, actor: Membership, comment: str = "") -> Report:
    """The reviewer accepts the latest version."""
    report = _locked(report)
    _require_reviewer(report, actor)
    return _decide(report, actor, Status.APPROVED, CommentKind.APPROVE, comment or "审核通过。")


def _decide(report: Report, actor: Membership, status: str, kind: str, comment: str) -> Report:
    assert report.latest is not None
    ReviewComment.objects.create(
        report=report, version=report.latest, author=actor, kind=kind, text=comment.strip()
    )
    report.status, report.decided_at = status, timezone.now()
    report.save(update_fields=["status", "decided_at", "updated_at"])
    label = "退回修改" if status == Status.RETURNED else "审核通过"
    _audit(report, actor, f"review.{kind}", f"第 {report.latest.number} 版{label}：{comment.strip()[:80]}")
    return report


@transaction.atomic
def comment_add(*, report: Report, actor: Membership, text: str) -> ReviewComment:
    """A comment on the latest version, by a reviewer or by the author answering one."""
    report = _locked(report)
    if actor.organisation_id != report.meeting.organisation_id or not (
        actor.can_review or actor.pk == report.author_id
    ):
        raise ServiceError("只有审核人和材料本人可以留言。")
    if report.latest is None:
        raise ServiceError("还没有可评论的版本。")
    if not text.strip():
        raise ServiceError("意见内容不能为空。")
    comment = ReviewComment.objects.create(
        report=report, version=report.latest, author=actor, text=text.strip()
    )
    _audit(report, actor, "review.comment", f"第 {report.latest.number} 版意见：{comment.text[:80]}")
    return comment
