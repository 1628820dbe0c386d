"""The report lifecycle services, on the real core (parse, check, copy check)."""

from __future__ import annotations

import pytest

from mingjing_web.audit.models import AuditLog
from mingjing_web.errors import ServiceError, UploadError
from mingjing_web.reports import services
from mingjing_web.reports.models import CommentKind, Report, ReportVersion, Status
from tests.web.conftest import Cast, docx_bytes, sample_text

pytestmark = pytest.mark.django_db


def test_upload_keeps_file_text_and_every_review(cast: Cast) -> None:
    data = docx_bytes(sample_text(2))  # the demo report with planted flaws
    version = services.version_upload(
        meeting=cast.meeting, actor=cast.member, data=data, filename="李慧.docx"
    )
    assert version.number == 1 and bytes(version.data) == data
    assert "存在问题" in version.text or "问题" in version.text
    assert version.review_json["findings"] and version.verdict in ("不达标", "需修改", "基本达标")
    assert "copy_ratio" in version.reuse_json and version.parse_json["parts"]["problems"] is not None
    assert version.report.latest_id == version.pk and version.report.status == Status.DRAFT
    assert sum(version.family_counts.values()) == version.finding_count
    assert AuditLog.objects.filter(action="report.version", object_id=version.report.pk).exists()


def test_findings_spans_point_into_the_stored_text(uploaded: Report) -> None:
    version = ReportVersion.objects.get(pk=uploaded.latest_id)
    for finding in version.review_json["findings"]:
        assert version.text[finding["start"] : finding["end"]] == finding["text"]


def test_each_upload_is_a_new_version(uploaded: Report, cast: Cast) -> None:
    second = services.version_paste(
        meeting=cast.meeting, actor=cast.member, text=sample_text(1).replace("XX", "白鹤镇")
    )
    assert second.number == 2 and second.report_id == uploaded.pk
    assert ReportVersion.objects.filter(report=uploaded).count() == 2


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.docx", "空"),
        (b"PK\x03\x04broken zip", "a.docx", ""),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "a.png", ".docx"),
        ("今天天气很好，我们去公园散步。".encode(), "notes.txt", "结构"),
    ],
)
def test_bad_uploads_raise_chinese_errors_and_save_nothing(
    cast: Cast, data: bytes, filename: str, message: str
) -> None:
    with pytest.raises(UploadError) as caught:
        services.version_upload(meeting=cast.meeting, actor=cast.member, data=data, filename=filename)
    assert message in caught.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    assert not Report.objects.exists() and not ReportVersion.objects.exists()


def test_gbk_text_is_read(cast: Cast) -> None:
    data = sample_text(2).encode("gbk")
    version = services.version_upload(
        meeting=cast.meeting, actor=cast.member, data=data, filename="王建国.txt"
    )
    assert version.text.strip() and version.finding_count > 0


def test_too_big_is_refused_before_reading(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MINGJING_MAX_UPLOAD_MB = 1
    with pytest.raises(UploadError, match="1 MB"):
        services.version_upload(
            meeting=cast.meeting, actor=cast.member, data=b"x" * (2 * 1024 * 1024), filename="a.txt"
        )
    assert not ReportVersion.objects.exists()


def test_only_team_members_of_the_unit_write_reports(cast: Cast) -> None:
    text = sample_text(0)
    for actor in (cast.reviewer, cast.admin, cast.outsider):
        with pytest.raises(ServiceError):
            services.version_paste(meeting=cast.meeting, actor=actor, text=text)


def test_submit_return_resubmit_approve(uploaded: Report, cast: Cast) -> None:
    services.report_submit(report=uploaded, actor=cast.member)
    with pytest.raises(ServiceError):  # no new version while under review
        services.version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    with pytest.raises(ServiceError, match="写明"):
        services.report_return(report=uploaded, actor=cast.reviewer, comment="  ")
    services.report_return(report=uploaded, actor=cast.reviewer, comment="第二部分原因剖析太空，请重写。")
    uploaded.refresh_from_db()
    assert uploaded.status == Status.RETURNED
    services.version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    services.report_submit(report=uploaded, actor=cast.member)
    services.report_approve(report=uploaded, actor=cast.reviewer)
    uploaded.refresh_from_db()
    assert uploaded.status == Status.APPROVED and uploaded.latest.number == 2
    kinds = list(uploaded.comments.values_list("kind", flat=True))
    assert kinds == [CommentKind.RETURN, CommentKind.APPROVE]
    actions = set(AuditLog.objects.filter(object_id=uploaded.pk).values_list("action", flat=True))
    assert {"report.version", "report.submit", "review.return", "review.approve"} <= actions


def test_only_reviewers_and_the_head_decide_and_only_submitted_reports(uploaded: Report, cast: Cast) -> None:
    with pytest.raises(ServiceError):
        services.report_approve(report=uploaded, actor=cast.reviewer)  # still a draft
    services.report_submit(report=uploaded, actor=cast.member)
    for actor in (cast.admin, cast.member, cast.outsider):
        with pytest.raises(ServiceError):
            services.report_approve(report=uploaded, actor=actor)
    services.report_approve(report=uploaded, actor=cast.head)  # 审阅把关 is the 主要负责人's job
    uploaded.refresh_from_db()
    assert uploaded.status == Status.APPROVED


def test_the_head_never_reviews_their_own_report(cast: Cast) -> None:
    own = services.version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0)).report
    services.report_submit(report=own, actor=cast.head)
    with pytest.raises(ServiceError):
        services.report_approve(report=own, actor=cast.head)


def test_only_the_author_submits(uploaded: Report, cast: Cast) -> None:
    with pytest.raises(ServiceError):
        services.report_submit(report=uploaded, actor=cast.head)


def test_comments_by_reviewers_the_head_and_author_only(uploaded: Report, cast: Cast) -> None:
    services.comment_add(report=uploaded, actor=cast.reviewer, text="请补充具体事例。")
    services.comment_add(report=uploaded, actor=cast.member, text="已补充。")
    with pytest.raises(ServiceError):
        services.comment_add(report=uploaded, actor=cast.admin, text="我也想说")
    with pytest.raises(ServiceError):
        services.comment_add(report=uploaded, actor=cast.reviewer, text="   ")
    services.comment_add(report=uploaded, actor=cast.head, text="原因剖析再深一些。")
    assert uploaded.comments.count() == 3


def test_an_unknown_framework_is_a_chinese_error_not_a_crash(cast: Cast) -> None:
    cast.meeting.framework_id = "no-such-framework"
    cast.meeting.save()
    with pytest.raises(UploadError):
        services.version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    assert not ReportVersion.objects.exists()
